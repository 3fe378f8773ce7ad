from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.rotation import Participant, RotationError, RotationProblem, replan, solve
from klimapakete.rotation.tests.helpers import assert_valid, brute_force


def workshop():
    sizes = (12, 9, 9, 7, 6, 4)
    return tuple(
        Participant(f"s{k}-{i}", f"sector {k}") for k, size in enumerate(sizes) for i in range(size)
    )


def test_cancellations_keep_held_rounds_and_move_few():
    problem = RotationProblem(workshop(), rounds=4, group_size=5)
    first = solve(problem, seed=1, time_limit=20)
    cancelled = ["s0-3", "s1-1", "s2-5", "s3-0", "s4-2"]
    result = replan(problem, first.plan, held_rounds=1, cancelled=cancelled, seed=1, time_limit=20)
    assert result.plan.rounds[0] == first.plan.rounds[0]
    for rnd in result.plan.rounds[1:]:
        ids = {pid for table in rnd for pid in table}
        assert not ids & set(cancelled)
        assert len(ids) == 42
        assert len(rnd) == 9
        sizes = [len(table) for table in rnd]
        assert max(sizes) - min(sizes) <= 1
    assert result.metrics.repeated_pairs == 0
    assert result.metrics.sector_clashes == 0
    # Some tables lost two people and must be refilled, but far from everybody moves.
    assert 0 < result.metrics.moved_people <= 8


def test_late_arrival_joins_the_open_rounds():
    problem = RotationProblem(workshop(), rounds=3, group_size=5)
    first = solve(problem, seed=2, time_limit=20)
    late = Participant("late", "sector 5")
    result = replan(problem, first.plan, held_rounds=1, arrived=[late], seed=2, time_limit=20)
    assert all(late.id not in table for table in result.plan.rounds[0])
    for rnd in result.plan.rounds[1:]:
        assert sum(late.id in table for table in rnd) == 1
    assert result.metrics.repeated_pairs == 0


def test_replan_rejects_unknown_cancellation():
    problem = RotationProblem(workshop(), rounds=2, group_size=5)
    first = solve(problem, time_limit=5)
    try:
        replan(problem, first.plan, held_rounds=1, cancelled=["nobody"])
    except RotationError as error:
        assert error.code == "unknown_id"
    else:
        raise AssertionError("expected a RotationError")


@st.composite
def situations(draw):
    n = draw(st.integers(6, 20))
    people = tuple(
        Participant(f"p{i}", draw(st.sampled_from(["a", "b", "c", None]))) for i in range(n)
    )
    rounds = draw(st.integers(2, 4))
    group_size = draw(st.integers(2, 4))
    held = draw(st.integers(0, rounds))
    cancelled = draw(st.sets(st.sampled_from([p.id for p in people]), max_size=n // 3))
    arrived = [Participant(f"new{i}", "a") for i in range(draw(st.integers(0, 2)))]
    return RotationProblem(people, rounds=rounds, group_size=group_size), held, cancelled, arrived


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(situations(), st.integers(0, 2))
def test_replanning_keeps_past_rounds_and_hard_rules(case, seed):
    problem, held, cancelled, arrived = case
    first = solve(problem, seed=seed, time_limit=5, max_iterations=200)
    groups = len(first.plan.rounds[0])
    present = len(problem.participants) - len(cancelled) + len(arrived)
    if present < groups:
        return
    result = replan(
        problem,
        first.plan,
        held_rounds=held,
        cancelled=cancelled,
        arrived=arrived,
        seed=seed,
        time_limit=5,
        max_iterations=200,
    )
    assert result.plan.rounds[:held] == first.plan.rounds[:held]
    new_problem = RotationProblem(
        problem.participants + tuple(arrived),
        rounds=problem.rounds,
        num_groups=groups,
        held=first.plan.rounds[:held],
        absent=frozenset(cancelled),
    )
    assert_valid(new_problem, result.plan, groups=groups)
    recount = brute_force(new_problem, result.plan)
    reported = result.metrics.as_dict()
    assert {k: reported[k] for k in recount} == recount
