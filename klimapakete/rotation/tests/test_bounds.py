"""The lower bounds hold for every plan, are exact where they claim to be, and are reached."""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete.rotation import Participant, Plan, RotationProblem, compute_metrics
from klimapakete.rotation.bounds import (
    _min_clash_flow,
    repeat_bound,
    round_clash_bounds,
    table_sizes,
)


def test_repeat_bound_of_the_new_team_case():
    # 21 people at 4 tables of 5–6 for 4 rounds: five pairs meet in every round.
    assert repeat_bound(21, 4, 4) == 15
    assert repeat_bound(21, 5, 4) == 0


def test_repeat_bound_with_more_people_per_table_than_tables():
    # 6 sectors of 5 at 5 tables of 6, 5 rounds: a companion per table, (5 − 1) · 5.
    assert repeat_bound(30, 5, 5) == 20


def test_repeat_bound_counts_rounds_beyond_the_repeat_free_bound():
    # 36 people at 6 tables of 6: at most 3 repeat-free rounds, so 5 rounds repeat twice.
    assert repeat_bound(36, 6, 5) >= 2
    assert repeat_bound(32, 8, 10) == 0


def test_clash_bound_of_a_crowded_sector():
    # 12 people of one sector at 9 tables: 3 tables get two of them.
    bounds = round_clash_bounds({0: 12, 1: 9}, table_sizes(47, 9))
    assert bounds.over_one == 3
    assert bounds.over_share == 0


def test_small_tables_force_more_clashes():
    # 3 tables of 2: a sector of 4 and one of 2 — each table can hold 2 sectors.
    assert round_clash_bounds({0: 4, 1: 2}, [2, 2, 2]).over_one == 1
    # A host of the crowded sector at table 0 changes nothing here.
    assert round_clash_bounds({0: 4, 1: 2}, [2, 2, 2], [(0, 0)]).over_one == 1


def brute_force_round(sectors: list[int | None], sizes: list[int]) -> tuple[int, int]:
    """The fewest clashes (over one, over the fair share) over all seatings of one round."""
    g = len(sizes)
    total = Counter(s for s in sectors if s is not None)
    best_one = best_share = None
    seats = [j for j, size in enumerate(sizes) for _ in range(size)]
    for order in set(itertools.permutations(seats)):
        tables = Counter((order[i], s) for i, s in enumerate(sectors) if s is not None)
        one = sum(c - 1 for c in tables.values())
        share = sum(max(0, c - -(-total[s] // g)) for (_, s), c in tables.items())
        best_one = one if best_one is None else min(best_one, one)
        best_share = share if best_share is None else min(best_share, share)
    return best_one or 0, best_share or 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([0, 0, 0, 1, 1, 2, None]), min_size=2, max_size=7),
    st.integers(1, 3),
)
def test_clash_bounds_are_exact_for_one_round(sectors, groups):
    groups = min(groups, len(sectors))
    sizes = table_sizes(len(sectors), groups)
    members = dict(Counter(s for s in sectors if s is not None))
    bounds = round_clash_bounds(members, sizes)
    assert (bounds.over_one, bounds.over_share) == brute_force_round(sectors, sizes)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.integers(0, 6), st.integers(0, 30), max_size=7),
    st.integers(0, 20),
    st.integers(1, 12),
)
def test_closed_form_agrees_with_the_min_cost_flow(members, others, groups):
    n = sum(members.values()) + others
    groups = min(groups, max(1, n))
    if n == 0:
        return
    sizes = table_sizes(n, groups)
    bounds = round_clash_bounds(members, sizes)
    assert bounds.over_one == _min_clash_flow(members, sizes, [], weight_one=1, weight_share=0)
    assert bounds.over_share == _min_clash_flow(members, sizes, [], weight_one=0, weight_share=1)
    big = n + 1
    joint = _min_clash_flow(members, sizes, [], weight_one=big, weight_share=1)
    assert bounds.joint_over_share == joint - big * bounds.over_one


@st.composite
def plans(draw):
    n = draw(st.integers(4, 14))
    groups = draw(st.integers(1, max(1, n // 2)))
    rounds = draw(st.integers(1, 4))
    sectors = draw(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=n, max_size=n))
    people = tuple(Participant(f"p{i}", s) for i, s in enumerate(sectors))
    sizes = table_sizes(n, groups)
    plan = []
    for _ in range(rounds):
        order = draw(st.permutations(range(n)))
        tables, start = [], 0
        for size in sizes:
            tables.append([f"p{i}" for i in order[start : start + size]])
            start += size
        plan.append(tables)
    return RotationProblem(people, rounds=rounds, num_groups=groups), Plan.from_lists(plan)


@settings(max_examples=120, deadline=None)
@given(plans())
def test_no_plan_beats_the_bounds(case):
    problem, plan = case
    n, groups = len(problem.participants), problem.num_groups
    metrics = compute_metrics(problem, plan)
    assert metrics.repeated_pairs >= repeat_bound(n, groups, problem.rounds)
    members = dict(Counter(p.sector for p in problem.participants if p.sector is not None))
    per_round = round_clash_bounds(members, table_sizes(n, groups))
    assert metrics.sector_clashes_over_one >= problem.rounds * per_round.over_one
    assert metrics.sector_clashes >= problem.rounds * per_round.over_share
