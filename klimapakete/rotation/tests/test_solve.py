from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.rotation import Participant, RotationProblem, compute_metrics, solve
from klimapakete.rotation.tests.helpers import assert_valid, brute_force


def workshop(sizes=(12, 9, 9, 7, 6, 4)):
    return tuple(
        Participant(f"s{k}-{i}", f"sector {k}") for k, size in enumerate(sizes) for i in range(size)
    )


@st.composite
def problems(draw):
    n = draw(st.integers(2, 24))
    sectors = draw(st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=n, max_size=n))
    people = tuple(Participant(f"p{i}", s) for i, s in enumerate(sectors))
    group_size = draw(st.integers(2, n))
    groups = max(1, (2 * n + group_size) // (2 * group_size))
    hosts = tuple(f"p{i}" for i in range(draw(st.integers(0, min(groups, 2)))))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=2))
    keep_apart = ()
    if groups >= 3 and n >= 3 * groups:
        keep_apart = tuple((f"p{i}", f"p{j}") for i, j in pairs if i != j)
    return RotationProblem(
        people,
        rounds=draw(st.integers(1, 5)),
        group_size=group_size,
        hosts=hosts,
        keep_apart=keep_apart,
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 3))
def test_plans_are_valid_and_metrics_honest(problem, seed):
    result = solve(problem, seed=seed, time_limit=5, max_iterations=300)
    assert_valid(problem, result.plan)
    recount = brute_force(problem, result.plan)
    reported = result.metrics.as_dict()
    assert {k: reported[k] for k in recount} == recount
    assert result.metrics.keep_apart_violations == 0


def test_same_seed_same_plan():
    problem = RotationProblem(workshop(), rounds=5, group_size=5)
    first = solve(problem, seed=7, max_iterations=400)
    again = solve(problem, seed=7, max_iterations=400)
    assert first.plan == again.plan


def test_one_person_per_sector_by_construction():
    people = tuple(Participant(f"{s}{i}", s) for s in "ABCDEF" for i in range(7))
    result = solve(RotationProblem(people, rounds=7, group_size=6))
    assert result.method == "field"
    assert result.metrics.repeated_pairs == 0
    assert result.metrics.sector_clashes == 0
    for rnd in result.plan.rounds:
        for table in rnd:
            assert sorted(pid[0] for pid in table) == list("ABCDEF")


def test_realistic_workshop_has_no_repeats_or_clashes():
    problem = RotationProblem(workshop(), rounds=4, group_size=5)
    result = solve(problem, seed=1, time_limit=20)
    assert_valid(problem, result.plan, groups=9)
    assert result.metrics.repeated_pairs == 0
    assert result.metrics.sector_clashes == 0


def test_keep_apart_and_hosts_are_respected():
    people = workshop()
    keep_apart = (("s0-0", "s0-1"), ("s1-0", "s2-0"), ("s1-0", "s3-0"))
    hosts = ("s5-0", "s5-1")
    problem = RotationProblem(people, rounds=4, group_size=5, keep_apart=keep_apart, hosts=hosts)
    result = solve(problem, seed=3, time_limit=20)
    assert_valid(problem, result.plan)
    assert result.metrics.keep_apart_violations == 0
    assert compute_metrics(problem, result.plan) == result.metrics


def test_more_rounds_than_the_bound_still_gives_a_valid_plan():
    people = tuple(Participant(f"p{i}") for i in range(9))
    problem = RotationProblem(people, rounds=6, group_size=3)
    result = solve(problem, time_limit=1)
    assert_valid(problem, result.plan, groups=3)
    assert result.metrics.round_bound == 4
    assert result.metrics.repeated_pairs > 0


def test_known_instances_reach_the_bound():
    for groups, size, rounds in [(5, 3, 7), (4, 4, 5), (5, 5, 6), (6, 4, 7)]:
        people = tuple(Participant(f"p{i}") for i in range(groups * size))
        problem = RotationProblem(people, rounds=rounds, num_groups=groups)
        result = solve(problem, time_limit=30)
        assert result.metrics.repeated_pairs == 0, (groups, size)
        assert_valid(problem, result.plan, groups=groups)
