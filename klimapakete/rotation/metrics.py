"""Quality measures of a plan, computed from scratch (the solvers track them incrementally)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations

from klimapakete.rotation.bounds import round_bound
from klimapakete.rotation.model import Plan, RotationProblem

__all__ = ["Metrics", "compute_metrics", "meeting_counts", "round_bound"]


@dataclass(frozen=True)
class Metrics:
    """How good a plan is.

    * ``repeated_pairs``: Σ max(0, m_ij − 1) over pairs, m_ij = rounds i and j share a table.
    * ``max_meetings``: the largest m_ij (1 means nobody meets twice).
    * ``sector_clashes``: sector excess over the fair share. In a round with g
      tables, a sector with m people present may have ceil(m / g) of them at one
      table; every person beyond that at a table counts as one clash. With at
      most g people per sector this is "at most one person per sector and table".
    * ``sector_clashes_over_one``: Σ over rounds, tables and sectors of
      max(0, count − 1): every person who finds someone of their own sector
      already at the table. A sector of m > g people forces m − g per round.
    * ``size_spread``: the largest difference of table sizes within a round.
    * ``round_bound``: at most this many rounds can be free of repeats (``None``
      when tables of one person make any number possible).
    * ``keep_apart_violations``: meetings of pairs that should be kept apart.
    * ``moved_people`` / ``moved_seats``: against the previous plan, the people
      whose table changed in some open round, and the (person, round) changes.
    """

    repeated_pairs: int
    max_meetings: int
    sector_clashes: int
    sector_clashes_over_one: int
    size_spread: int
    round_bound: int | None
    keep_apart_violations: int
    moved_people: int
    moved_seats: int
    rounds: int
    groups: int
    participants: int

    def as_dict(self) -> dict:
        """The metrics as JSON-friendly data."""
        return asdict(self)


def meeting_counts(plan: Plan) -> Counter[tuple[str, str]]:
    """m_ij for every pair that meets at least once (keys sorted)."""
    counts: Counter[tuple[str, str]] = Counter()
    for rnd in plan.rounds:
        for group in rnd:
            for a, b in combinations(sorted(group), 2):
                counts[a, b] += 1
    return counts


def compute_metrics(problem: RotationProblem, plan: Plan) -> Metrics:
    """Score ``plan`` for ``problem`` over all its rounds (held rounds included)."""
    sector_of = {p.id: p.sector for p in problem.participants}
    counts = meeting_counts(plan)
    repeated = sum(m - 1 for m in counts.values() if m > 1)
    max_meetings = max(counts.values(), default=0)

    clashes = 0
    over_one = 0
    spread = 0
    for rnd in plan.rounds:
        g = max(1, len(rnd))
        present = Counter(sector_of.get(pid) for group in rnd for pid in group)
        for group in rnd:
            at_table = Counter(sector_of.get(pid) for pid in group)
            for sector, k in at_table.items():
                if sector is not None:
                    clashes += max(0, k - math.ceil(present[sector] / g))
                    over_one += k - 1
        sizes = [len(group) for group in rnd]
        if sizes:
            spread = max(spread, max(sizes) - min(sizes))

    keep_apart = {tuple(sorted(pair)) for pair in problem.keep_apart}
    violations = sum(counts.get(pair, 0) for pair in keep_apart)  # type: ignore[arg-type]

    moved_people: set[str] = set()
    moved_seats = 0
    if problem.reference is not None:
        for t in range(len(problem.held), len(plan.rounds)):
            if t >= len(problem.reference.rounds):
                break
            before = {
                pid: g for g, group in enumerate(problem.reference.rounds[t]) for pid in group
            }
            for g, group in enumerate(plan.rounds[t]):
                for pid in group:
                    if pid in before and before[pid] != g:
                        moved_seats += 1
                        moved_people.add(pid)

    open_people = [p.id for p in problem.participants if p.id not in problem.absent]
    groups = len(plan.rounds[-1]) if plan.rounds else 0
    return Metrics(
        repeated_pairs=repeated,
        max_meetings=max_meetings,
        sector_clashes=clashes,
        sector_clashes_over_one=over_one,
        size_spread=spread,
        round_bound=round_bound(len(open_people), groups),
        keep_apart_violations=violations,
        moved_people=len(moved_people),
        moved_seats=moved_seats,
        rounds=len(plan.rounds),
        groups=groups,
        participants=len(open_people),
    )
