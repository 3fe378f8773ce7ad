"""The solver reaches its lower bounds, whatever the input looks like.

Invariance: participant order, id format, sector names, singleton sectors and
blanks must not change the quality of a plan (issue 17).
"""

import importlib.util
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.rotation import Participant, RotationProblem, compute_metrics, solve
from klimapakete.rotation.tests.helpers import assert_valid

BASELINE = Path(__file__).resolve().parents[3] / "bench" / "rotation" / "baseline.py"


def greedy_plan(*args, **kwargs):
    """The benchmark's round-by-round greedy baseline."""
    spec = importlib.util.spec_from_file_location("rotation_baseline", BASELINE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.greedy_plan(*args, **kwargs)


def at_bounds(result) -> tuple[bool, bool, bool]:
    m, b = result.metrics, result.bounds
    return (
        m.repeated_pairs <= b.repeated_pairs,
        m.sector_clashes_over_one <= b.sector_clashes_over_one,
        m.sector_clashes <= b.sector_clashes,
    )


def workshop(sizes=(12, 9, 9, 7, 6, 4)):
    return tuple(
        Participant(f"s{k}-{i}", f"sector {k}") for k, size in enumerate(sizes) for i in range(size)
    )


@pytest.mark.parametrize("rounds", [4, 5])
def test_a_workshop_reaches_no_repeats_and_the_clash_bound(rounds):
    problem = RotationProblem(workshop(), rounds=rounds, num_groups=9)
    result = solve(problem, seed=0, time_limit=20)
    assert_valid(problem, result.plan, groups=9)
    # The sector of 12 at 9 tables forces 3 clashes per round, no more.
    assert result.bounds.sector_clashes_over_one == 3 * rounds
    assert at_bounds(result) == (True, True, True)
    assert result.optimal() == {
        "repeated_pairs": True,
        "sector_clashes_over_one": True,
        "sector_clashes": True,
    }


@pytest.mark.parametrize("column", ["blank", "distinct", "singletons"])
@pytest.mark.parametrize(("groups", "size", "rounds"), [(5, 3, 7), (4, 4, 5), (6, 4, 7)])
def test_golfer_rows_reach_the_best_known_rounds_whatever_the_sector_column(
    groups, size, rounds, column
):
    n = groups * size
    sectors = {
        "blank": [None] * n,
        "distinct": [f"Organisation {i}" for i in range(n)],
        "singletons": [f"only {i}" if i % 3 == 0 else None for i in range(n)],
    }[column]
    people = tuple(Participant(f"p{i}", s) for i, s in enumerate(sectors))
    problem = RotationProblem(people, rounds=rounds, num_groups=groups)
    result = solve(problem, seed=1, time_limit=20)
    assert result.metrics.repeated_pairs == 0
    assert result.method in {"field", "multiplier", "cyclic", "translation"}


def test_sectors_that_fit_the_tables_do_not_block_a_construction():
    # 25 people at 5 tables, five sectors of 5 given in random order and names:
    # the Latin-square construction puts one of each sector at every table.
    rng = random.Random(3)
    people = [Participant(f"{rng.getrandbits(30):x}", f"S{k}") for k in range(5) for _ in range(5)]
    rng.shuffle(people)
    result = solve(RotationProblem(tuple(people), rounds=5, num_groups=5), seed=2, time_limit=10)
    assert (result.metrics.repeated_pairs, result.metrics.sector_clashes_over_one) == (0, 0)


def test_more_people_per_table_than_tables_meets_the_pigeonhole_bound():
    # 6 sectors of 5 at 5 tables of 6: 20 repeats are unavoidable, and no clash.
    people = tuple(Participant(f"{s}{i}", s) for s in "ABCDEF" for i in range(5))
    result = solve(RotationProblem(people, rounds=5, num_groups=5), seed=0, time_limit=10)
    assert result.bounds.repeated_pairs == 20
    assert at_bounds(result) == (True, True, True)


def test_hosts_and_keep_apart_with_a_construction():
    people = tuple(Participant(f"p{i}", "AB"[i % 2] if i < 6 else None) for i in range(16))
    problem = RotationProblem(
        people, rounds=4, num_groups=4, hosts=("p0", "p1"), keep_apart=(("p2", "p3"),)
    )
    # The hosts (sectors A and B) must never meet, so with no repeats a few
    # clashes are unavoidable: the search runs to its limit looking for fewer.
    result = solve(problem, seed=0, time_limit=2)
    assert_valid(problem, result.plan, groups=4)
    assert result.metrics.keep_apart_violations == 0
    assert result.metrics.repeated_pairs == 0


# --- invariance ------------------------------------------------------------------------------


@st.composite
def small_workshops(draw):
    """Workshops of 16–36 people in tables of about 4, 3 rounds, uneven sectors."""
    n = draw(st.integers(16, 36))
    count = draw(st.integers(2, 6))
    weights = draw(st.lists(st.integers(1, 8), min_size=count, max_size=count))
    sectors = [k for k, w in enumerate(weights) for _ in range(w)]
    people = [draw(st.sampled_from(sectors + [None])) for _ in range(n)]
    people[0] = "solo"  # a sector of one
    return [(f"p{i}", None if s is None else f"sector {s}") for i, s in enumerate(people)]


def rewrite(people, rng: random.Random):
    """The same instance written differently: order, ids, sector names, singletons as blanks."""
    sizes: dict = {}
    for _, s in people:
        sizes[s] = sizes.get(s, 0) + 1
    names = {s: f"Bereich {rng.getrandbits(20):05x}" for s in sizes if s is not None}
    out = []
    for pid, s in people:
        if s is not None and sizes[s] == 1:
            s = None  # a singleton sector says nothing
        elif s is None and rng.random() < 0.3:
            s = f"alone {pid}"  # a sector of its own says nothing either
        else:
            s = names.get(s)
        out.append((f"{rng.getrandbits(40):010x}@example.org", s, pid))
    rng.shuffle(out)
    return out


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_workshops(), st.integers(0, 2**16))
def test_rewriting_the_input_never_makes_a_plan_worse_than_its_bounds(people, salt):
    original = RotationProblem(tuple(Participant(i, s) for i, s in people), rounds=3, group_size=4)
    first = solve(original, seed=0, time_limit=10)
    rewritten = rewrite(people, random.Random(salt))
    problem = RotationProblem(
        tuple(Participant(new, s) for new, s, _ in rewritten), rounds=3, group_size=4
    )
    second = solve(problem, seed=salt % 7, time_limit=10)
    assert second.bounds == first.bounds
    for before, after in zip(at_bounds(first), at_bounds(second), strict=True):
        assert after or not before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_workshops(), st.integers(0, 3))
def test_strict_sectors_never_seat_two_of_a_sector_together(people, seed):
    groups = 6
    counts: dict = {}
    for _, s in people:
        counts[s] = counts.get(s, 0) + 1
    if any(m > groups for s, m in counts.items() if s is not None):
        return  # strict planning refuses these (tested elsewhere)
    base = RotationProblem(tuple(Participant(i, s) for i, s in people), rounds=3, num_groups=6)
    strict = solve(
        RotationProblem(base.participants, rounds=3, num_groups=6, strict_sectors=True),
        seed=seed,
        time_limit=10,
    )
    normal = solve(base, seed=seed, time_limit=10)
    assert strict.metrics.sector_clashes_over_one == 0
    assert strict.metrics.sector_clashes_over_one <= normal.metrics.sector_clashes_over_one


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_workshops(), st.integers(3, 6), st.integers(0, 3))
def test_never_worse_than_the_greedy_baseline(people, rounds, seed):
    problem = RotationProblem(
        tuple(Participant(i, s) for i, s in people), rounds=rounds, group_size=4
    )
    result = solve(problem, seed=seed, time_limit=3)
    baseline = greedy_plan(
        list(problem.participants), rounds, groups=result.metrics.groups, seed=seed
    )
    base = compute_metrics(problem, baseline)
    ours = result.metrics
    assert (ours.repeated_pairs, ours.sector_clashes_over_one) <= (
        base.repeated_pairs,
        base.sector_clashes_over_one,
    )


def test_empty_seats_of_a_construction_sit_at_different_tables():
    # 21 people at 5 tables for 5 rounds: the 5 × 5 grid with 4 empty seats.
    people = tuple(Participant(f"p{i}", "ABC"[i % 3] if i < 9 else None) for i in range(21))
    problem = RotationProblem(people, rounds=5, num_groups=5)
    result = solve(problem, seed=0, time_limit=10)
    assert result.method.startswith("field")
    assert_valid(problem, result.plan, groups=5)
    assert result.metrics.repeated_pairs == 0


def test_the_time_limit_holds_where_the_bounds_cannot_be_met():
    # 36 people at 6 tables of 6 for 5 rounds: only 3 rounds can be repeat-free.
    people = tuple(Participant(f"{s}{i}", s) for s in "ABCDEF" for i in range(6))
    problem = RotationProblem(people, rounds=5, group_size=6)
    start = time.perf_counter()
    result = solve(problem, seed=0, time_limit=1)
    assert time.perf_counter() - start < 5  # the limit plus set-up, on a loaded machine
    assert_valid(problem, result.plan, groups=6)
    assert result.metrics.repeated_pairs >= result.bounds.repeated_pairs >= 2
