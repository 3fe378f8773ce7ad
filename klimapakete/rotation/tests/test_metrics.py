from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete.rotation import Participant, Plan, RotationProblem, compute_metrics, round_bound
from klimapakete.rotation.tests.helpers import brute_force


def test_round_bound_matches_known_bounds():
    assert round_bound(32, 8) == 10  # 32 golfers
    assert round_bound(15, 5) == 7  # Kirkman
    assert round_bound(40, 10) == 13
    assert round_bound(25, 5) == 6  # affine plane of order 5


def test_round_bound_knows_there_is_no_plane_of_order_6():
    assert round_bound(36, 6) == 3


def test_round_bound_with_unequal_tables():
    # 47 people at 9 tables: 2 tables of 6, 7 of 5 → 100 pairs per round.
    assert round_bound(47, 9) == 1081 // 100


def test_round_bound_with_fewer_tables_than_people_per_table():
    # 4 tables of 5: a second-round table would need people from 5 first-round tables.
    assert round_bound(20, 4) == 1


def test_round_bound_is_none_for_tables_of_one():
    assert round_bound(5, 5) is None


def test_metrics_count_repeats_and_clashes():
    people = tuple(
        Participant(pid, s) for pid, s in [("a", "x"), ("b", "x"), ("c", "y"), ("d", None)]
    )
    problem = RotationProblem(people, rounds=3, num_groups=2, keep_apart=(("a", "c"),))
    plan = Plan.from_lists(
        [[["a", "b"], ["c", "d"]], [["a", "b"], ["c", "d"]], [["a", "c"], ["b", "d"]]]
    )
    m = compute_metrics(problem, plan)
    assert m.repeated_pairs == 2  # a-b twice, c-d twice
    assert m.max_meetings == 2
    assert m.sector_clashes == 2  # a and b (sector x, cap 1) together in rounds 1 and 2
    assert m.size_spread == 0
    assert m.keep_apart_violations == 1


@st.composite
def random_plans(draw):
    n = draw(st.integers(2, 14))
    sectors = draw(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=n, max_size=n))
    people = tuple(Participant(f"p{i}", s) for i, s in enumerate(sectors))
    rounds = draw(st.integers(1, 4))
    groups = draw(st.integers(1, n))
    plan = []
    for _ in range(rounds):
        labels = draw(st.lists(st.integers(0, groups - 1), min_size=n, max_size=n))
        plan.append([[p.id for p, g in zip(people, labels) if g == k] for k in range(groups)])
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3))
    keep_apart = tuple((f"p{i}", f"p{j}") for i, j in pairs if i != j)
    problem = RotationProblem(people, rounds=rounds, num_groups=groups, keep_apart=keep_apart)
    return problem, Plan.from_lists(plan)


@settings(max_examples=150, deadline=None)
@given(random_plans())
def test_metrics_agree_with_brute_force(case):
    problem, plan = case
    m = compute_metrics(problem, plan).as_dict()
    expected = brute_force(problem, plan)
    assert {k: m[k] for k in expected} == expected
