"""A round-by-round greedy planner of the kind simple web tools use.

Each round is chosen as the best of ``tries`` random partitions (sector-blind
shuffles dealt into tables of the right sizes), scored by new repeated
meetings first and sector clashes second (people who find someone of their
own sector at the table, then people beyond the sector's fair share). Earlier
rounds are never revisited.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

from klimapakete.rotation.instance import number_of_groups
from klimapakete.rotation.model import Participant, Plan


def greedy_plan(
    people: list[Participant],
    rounds: int,
    groups: int | None = None,
    group_size: int | None = None,
    tries: int = 200,
    seed: int = 0,
    held: tuple = (),
) -> Plan:
    """Plan ``rounds`` rounds greedily; give ``groups`` or ``group_size``.

    ``held`` rounds (of ids) come first and stay; their meetings count.
    """
    rng = random.Random(seed)
    n = len(people)
    g = groups if groups is not None else number_of_groups(n, group_size or 2)
    ids = [p.id for p in people]
    sector = {p.id: p.sector for p in people}
    counts: dict[str | None, int] = {}
    for p in people:
        counts[p.sector] = counts.get(p.sector, 0) + 1
    cap = {s: math.ceil(m / g) for s, m in counts.items()}
    met: set[tuple[str, str]] = set()
    plan = [list(map(list, rnd)) for rnd in held]
    for rnd in held:
        for table in rnd:
            met.update(combinations(sorted(table), 2))
    for _ in range(rounds - len(held)):
        best, best_score = None, None
        for _ in range(tries):
            order = ids[:]
            rng.shuffle(order)
            tables = [order[k::g] for k in range(g)]
            repeats = sum(
                1 for table in tables for pair in combinations(sorted(table), 2) if pair in met
            )
            over_one = over_share = 0
            for table in tables:
                here: dict[str | None, int] = {}
                for pid in table:
                    here[sector[pid]] = here.get(sector[pid], 0) + 1
                for s, k in here.items():
                    if s is not None:
                        over_one += k - 1
                        over_share += max(0, k - cap[s])
            score = (repeats, over_one, over_share)
            if best_score is None or score < best_score:
                best, best_score = tables, score
        for table in best:
            met.update(combinations(sorted(table), 2))
        plan.append(best)
    return Plan.from_lists(plan)
