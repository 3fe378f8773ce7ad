"""Independent brute-force checks used by the tests."""

from __future__ import annotations

import itertools
import math
from collections import Counter

from klimapakete.rotation.model import Plan, RotationProblem


def check_repeat_free(rounds, groups: int, size: int) -> Counter:
    """Assert every round seats everyone once at ``groups`` tables of ``size`` and no
    pair meets twice; returns how often each pair meets."""
    counts: Counter = Counter()
    for rnd in rounds:
        assert len(rnd) == groups
        assert all(len(table) == size for table in rnd)
        assert sorted(p for table in rnd for p in table) == list(range(groups * size))
        for table in rnd:
            counts.update(itertools.combinations(sorted(table), 2))
    assert max(counts.values()) == 1
    return counts


def brute_force(problem: RotationProblem, plan: Plan) -> dict:
    """Recount the metrics the slow and obvious way."""
    sector = {p.id: p.sector for p in problem.participants}
    ids = sorted({pid for rnd in plan.rounds for group in rnd for pid in group})
    repeated = 0
    largest = 0
    for a in ids:
        for b in ids:
            if a < b:
                m = sum(1 for rnd in plan.rounds for group in rnd if a in group and b in group)
                repeated += max(0, m - 1)
                largest = max(largest, m)
    clashes = over_one = 0
    for rnd in plan.rounds:
        for group in rnd:
            for s in {sector[pid] for pid in group} - {None}:
                here = sum(1 for pid in group if sector[pid] == s)
                total = sum(1 for g in rnd for pid in g if sector[pid] == s)
                clashes += max(0, here - math.ceil(total / len(rnd)))
                over_one += here - 1
    spread = max((max(map(len, rnd)) - min(map(len, rnd)) for rnd in plan.rounds if rnd), default=0)
    keep_apart = sum(
        1
        for a, b in {tuple(sorted(pair)) for pair in problem.keep_apart}
        for rnd in plan.rounds
        for group in rnd
        if a in group and b in group
    )
    return {
        "repeated_pairs": repeated,
        "max_meetings": largest,
        "sector_clashes": clashes,
        "sector_clashes_over_one": over_one,
        "size_spread": spread,
        "keep_apart_violations": keep_apart,
    }


def assert_valid(problem: RotationProblem, plan: Plan, groups: int | None = None) -> None:
    """Everyone present exactly once per open round, sizes within one, hosts fixed."""
    present = sorted(p.id for p in problem.participants if p.id not in problem.absent)
    assert len(plan.rounds) == problem.rounds
    for t, rnd in enumerate(plan.rounds):
        if t < len(problem.held):
            assert rnd == problem.held[t]
            continue
        if groups is not None:
            assert len(rnd) == groups
        assert sorted(pid for group in rnd for pid in group) == present
        sizes = [len(group) for group in rnd]
        assert max(sizes) - min(sizes) <= 1
        assert min(sizes) >= 1
        for table, host in enumerate(problem.hosts):
            assert host in rnd[table]
