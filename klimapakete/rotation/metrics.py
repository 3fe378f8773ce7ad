"""Quality measures of a plan, computed from scratch (the solvers track them incrementally)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import asdict, dataclass
from itertools import combinations

from klimapakete.rotation.model import Plan, RotationProblem


@dataclass(frozen=True)
class Metrics:
    """How good a plan is.

    * ``repeated_pairs``: Σ max(0, m_ij − 1) over pairs, m_ij = rounds i and j share a table.
    * ``max_meetings``: the largest m_ij (1 means nobody meets twice).
    * ``sector_clashes``: avoidable sector excess. In a round with g tables, a
      sector with m people present may have ceil(m / g) of them at one table;
      every person beyond that at a table counts as one clash. With at most g
      people per sector this is "at most one person per sector and table".
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


def _has_no_projective_plane(q: int) -> bool:
    """True if no projective plane of order ``q`` exists, as far as known theory tells.

    Order 6 (Tarry), order 10 (Lam et al.), and orders q ≡ 1, 2 (mod 4) that are
    not a sum of two squares (Bruck–Ryser).
    """
    if q in (6, 10):
        return True
    if q % 4 in (1, 2):
        return not any(math.isqrt(q - a * a) ** 2 == q - a * a for a in range(math.isqrt(q) + 1))
    return False


def round_bound(n: int, groups: int) -> int | None:
    """Upper bound on rounds in which no pair meets twice, for ``n`` people at ``groups`` tables.

    Sizes are ⌊n/g⌋ and ⌈n/g⌉. Each person meets at least ⌊n/g⌋ − 1 new people per
    round, so rounds ≤ ⌊(n − 1)/(⌊n/g⌋ − 1)⌋; each round uses P distinct pairs
    of the n(n − 1)/2, so rounds ≤ ⌊n(n − 1)/2 / P⌋. A table of s people in a
    second round needs s different tables of the first, so with fewer than
    ⌈n/g⌉ tables only one round is repeat-free. For g tables of g people, a
    repeat-free set of r rounds is equivalent to r − 2 mutually orthogonal Latin
    squares of order g; where no projective plane of order g exists (6, 10, 14,
    21, …) the g + 1 rounds are impossible, and for order 6 at most 3 rounds exist.
    """
    if groups < 1 or n < 1:
        return None
    small, big_tables = divmod(n, groups)
    pairs = big_tables * (small + 1) * small // 2 + (groups - big_tables) * small * (small - 1) // 2
    if pairs == 0:
        return None
    bound = n * (n - 1) // 2 // pairs
    if small >= 2:
        bound = min(bound, (n - 1) // (small - 1))
    if small + (big_tables > 0) > groups:
        # A later table of size s needs s people from s different earlier tables.
        bound = min(bound, 1)
    if big_tables == 0 and small == groups and groups > 1:
        if groups == 6:
            bound = min(bound, 3)
        elif _has_no_projective_plane(groups):
            bound = min(bound, groups)
    return bound


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
    spread = 0
    for rnd in plan.rounds:
        g = max(1, len(rnd))
        present = Counter(sector_of.get(pid) for group in rnd for pid in group)
        for group in rnd:
            at_table = Counter(sector_of.get(pid) for pid in group)
            for sector, k in at_table.items():
                if sector is not None:
                    clashes += max(0, k - math.ceil(present[sector] / g))
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
        size_spread=spread,
        round_bound=round_bound(len(open_people), groups),
        keep_apart_violations=violations,
        moved_people=len(moved_people),
        moved_seats=moved_seats,
        rounds=len(plan.rounds),
        groups=groups,
        participants=len(open_people),
    )
