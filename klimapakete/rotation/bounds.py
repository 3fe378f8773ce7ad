"""Lower bounds on what any plan can reach, so a result can be called optimal.

* :func:`round_bound`: how many rounds can be free of repeated meetings.
* :func:`repeat_bound`: repeated meetings no plan avoids (pigeonhole counts).
* :func:`round_clash_bounds`: sector clashes no seating of one round avoids, exact
  for the given table sizes and hosts (a small min-cost flow).

All of them ignore keep-apart wishes except where stated, so they stay valid
lower bounds (a relaxation can only be better than the real problem).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx


def table_sizes(n: int, groups: int) -> list[int]:
    """The sizes of ``groups`` tables for ``n`` people, differing by at most one (largest first)."""
    small, big = divmod(n, groups)
    return [small + 1] * big + [small] * (groups - big)


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
    pairs = pairs_per_round(n, groups)
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


def pairs_per_round(n: int, groups: int) -> int:
    """Pairs sitting together in one round of ``groups`` tables of sizes within one."""
    return sum(s * (s - 1) // 2 for s in table_sizes(n, groups))


def _spread_cost(total: int, parts: int) -> int:
    """Σ C(x, 2) for ``total`` split into ``parts`` parts as evenly as possible."""
    base, rest = divmod(total, parts)
    return rest * (base + 1) * base // 2 + (parts - rest) * base * (base - 1) // 2


def _largest_overlap(excess: int, rounds: int) -> int:
    """The largest Σ C(m, 2) over pairs when the meetings beyond the first add up to ``excess``.

    C(m, 2) is convex, so the extra meetings are best concentrated in pairs that
    meet in every round (m = rounds).
    """
    if rounds < 2:
        return 0
    full, rest = divmod(excess, rounds - 1)
    return full * rounds * (rounds - 1) // 2 + (rest + 1) * rest // 2


def repeat_bound(n: int, groups: int, rounds: int, *, forbidden_pairs: int = 0) -> int:
    """Repeated meetings (Σ max(0, m_ij − 1)) that no plan of ``rounds`` rounds avoids.

    The table sizes fix the meetings M = rounds · P. Four pigeonhole counts:

    * rounds: a pair meeting in m rounds links those rounds at the cost of
      m − 1 repeats; rounds from different linked groups share no pair, so one
      round per group is repeat-free — at most B groups (:func:`round_bound`),
      and linking R rounds into B groups takes at least R − B repeats;

    * pairs: at most n(n − 1)/2 − ``forbidden_pairs`` distinct pairs can meet,
      so at least M minus that many meetings are repeats;
    * people: someone at a table of s meets s − 1 people per round but has only
      n − 1 others (the larger tables' seats spread as evenly as possible);
    * overlaps: a table of s people in one round meets the g tables of another
      round, so at least Σ C(x, 2) of its pairs (x = s split into g parts) sat
      together before. Summed over all pairs of rounds this is Σ_ij C(m_ij, 2);
      with repeats E the largest possible Σ C(m_ij, 2) puts E into pairs that
      meet in every round, so E must be large enough to reach the overlap.
      (With 21 people at 4 tables of 5–6 over 4 rounds: 15.)
    """
    if groups < 1 or rounds < 2 or n < 2:
        return 0
    free_rounds = round_bound(n, groups)
    bound = max(0, rounds - free_rounds) if free_rounds is not None else 0
    sizes = table_sizes(n, groups)
    per_round = sum(s * (s - 1) // 2 for s in sizes)
    meetings = rounds * per_round
    available = n * (n - 1) // 2 - forbidden_pairs
    bound = max(bound, meetings - available)

    # People: a person meets R(small − 1) + (rounds at a larger table) others.
    small, big = divmod(n, groups)
    if big:
        seats = rounds * big * (small + 1)
        low, high_people = divmod(seats, n)
        base = rounds * (small - 1)
        over = high_people * max(0, base + low + 1 - (n - 1)) + (n - high_people) * max(
            0, base + low - (n - 1)
        )
    else:
        over = n * max(0, rounds * (small - 1) - (n - 1))
    bound = max(bound, (over + 1) // 2)

    # Overlaps between every two rounds.
    overlap = rounds * (rounds - 1) // 2 * sum(_spread_cost(s, groups) for s in sizes)
    if overlap:
        low, high = 0, meetings
        while low < high:
            mid = (low + high) // 2
            if _largest_overlap(mid, rounds) >= overlap:
                high = mid
            else:
                low = mid + 1
        bound = max(bound, low)
    return bound


@dataclass(frozen=True)
class ClashBounds:
    """The fewest sector clashes one round can have (see :func:`round_clash_bounds`).

    ``over_one``: Σ over tables and sectors of max(0, count − 1), alone.
    ``over_share``: Σ max(0, count − ⌈m/g⌉), alone. ``joint_over_share``: the
    fewest ``over_share`` among seatings with ``over_one`` at its minimum.
    """

    over_one: int
    over_share: int
    joint_over_share: int


def round_clash_bounds(
    sector_sizes: dict[int, int],
    sizes: list[int],
    hosts: Iterable[tuple[int, int | None]] = (),
) -> ClashBounds:
    """The fewest sector clashes in one round, exact for these table sizes.

    ``sector_sizes`` maps a sector to its members present (sectors of one member
    clash with nobody and may be left out); ``sizes`` are the table sizes;
    ``hosts`` lists (table, sector or ``None``) of people fixed to a table.

    A seating is a flow of every sector's members to the tables: the first member
    of a sector at a table costs nothing, further ones up to the sector's fair
    share ⌈m/g⌉ cost one clash, further ones a clash and an excess. People
    without a sector fill the remaining seats, so any flow that fits the tables
    is a seating, and a min-cost flow gives the exact minimum (hosts are fixed
    flow). Without hosts, a sector of m members at g tables of at least one seat
    forces max(0, m − g) clashes; small tables force more.
    """
    g = len(sizes)
    if g == 0:
        return ClashBounds(0, 0, 0)
    hosts = list(hosts)
    members = {k: m for k, m in sector_sizes.items() if m > 1}
    if not hosts:
        # Without hosts the flow network is complete bipartite, so its minimum
        # cut has a closed form (below), and dealing the sectors like cards
        # reaches both minima at once.
        over_one = _cut_bound(members, sizes, lambda m: 1)
        over_share = _cut_bound(members, sizes, lambda m: -(-m // g))
        if _dealt_clashes(members, sizes) == (over_one, over_share):
            return ClashBounds(over_one, over_share, over_share)
    over_one = _min_clash_flow(sector_sizes, sizes, hosts, weight_one=1, weight_share=0)
    over_share = _min_clash_flow(sector_sizes, sizes, hosts, weight_one=0, weight_share=1)
    # Lexicographic: each over-one clash outweighs every possible excess.
    big = sum(sector_sizes.values()) + 1
    joint = _min_clash_flow(sector_sizes, sizes, hosts, weight_one=big, weight_share=1)
    return ClashBounds(over_one, over_share, joint - big * over_one)


def _cut_bound(members: dict[int, int], sizes: list[int], per_table) -> int:
    """Members that cannot be seated within ``per_table(m)`` of their sector per table.

    The most that fit is a maximum flow (sector → table arcs of capacity
    per_table(m), tables holding their size); in a complete bipartite network
    the minimum cut takes, for some a, the a largest tables to the sink side:
    min over a of (the other tables' seats + Σ_k min(m_k, per_table(m_k)·a)).
    """
    ordered = sorted(sizes)
    g = len(sizes)
    best = None
    for a in range(g + 1):
        cut = sum(ordered[: g - a]) + sum(min(m, per_table(m) * a) for m in members.values())
        best = cut if best is None else min(best, cut)
    return sum(members.values()) - (best or 0)


def _dealt_clashes(members: dict[int, int], sizes: list[int]) -> tuple[int, int]:
    """Both clash counts of one round dealt like cards, sectors from the largest."""
    g = len(sizes)
    counts = [dict() for _ in range(g)]  # type: list[dict[int, int]]
    seats = list(sizes)
    order = sorted(range(g), key=lambda j: -sizes[j])
    position = 0
    for k in sorted(members, key=lambda k: -members[k]):
        for _ in range(members[k]):
            while seats[order[position % g]] == 0:
                position += 1
            j = order[position % g]
            seats[j] -= 1
            counts[j][k] = counts[j].get(k, 0) + 1
            position += 1
    one = share = 0
    for table in counts:
        for k, c in table.items():
            one += c - 1
            share += max(0, c - -(-members[k] // g))
    return one, share


def _min_clash_flow(
    sector_sizes: dict[int, int],
    sizes: list[int],
    hosts: Iterable[tuple[int, int | None]],
    *,
    weight_one: int,
    weight_share: int,
) -> int:
    g = len(sizes)
    free = list(sizes)
    members = {k: m for k, m in sector_sizes.items() if m > 0}
    fixed: dict[tuple[int, int], int] = {}
    for table, sector in hosts:
        free[table] -= 1
        if sector is not None and sector in members:
            members[sector] -= 1
            fixed[sector, table] = fixed.get((sector, table), 0) + 1
    total = sum(members.values())
    fixed_cost = 0
    for (k, _j), c in fixed.items():
        share = math.ceil(sector_sizes[k] / g)
        fixed_cost += weight_one * max(0, c - 1) + weight_share * max(0, c - share)
    if total == 0:
        return fixed_cost
    graph = nx.DiGraph()
    graph.add_node("source", demand=-total)
    graph.add_node("sink", demand=total)
    for j in range(g):
        graph.add_edge(("t", j), "sink", capacity=max(0, free[j]), weight=0)
    for k, m in members.items():
        if m == 0:
            continue
        share = math.ceil(sector_sizes[k] / g)
        graph.add_edge("source", ("s", k), capacity=m, weight=0)
        for j in range(g):
            have = fixed.get((k, j), 0)
            # Marginal costs of the 1st, 2nd, ... member at the table are
            # non-decreasing, so one arc per cost level is enough.
            levels: dict[int, int] = {}
            for c in range(have + 1, have + min(m, free[j]) + 1):
                cost = weight_one * (c > 1) + weight_share * (c > share)
                levels[cost] = levels.get(cost, 0) + 1
            for cost, capacity in levels.items():
                node = ("a", k, j, cost)
                graph.add_edge(("s", k), node, capacity=capacity, weight=cost)
                graph.add_edge(node, ("t", j), capacity=capacity, weight=0)
    try:
        cost = nx.min_cost_flow_cost(graph)
    except nx.NetworkXUnfeasible:  # more sector members than seats: cannot happen
        raise ValueError("the sectors do not fit the tables") from None
    return fixed_cost + cost
