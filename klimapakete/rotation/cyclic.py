"""Rotations invariant under a cyclic shift of the rounds (1-rotational designs).

For R = b·m rounds of g tables of s people (n = g·s), write n = c·m + f and
take the people as f fixed people plus c copies of Z_m. The rounds are b base
rounds, each shifted by 0..m−1 (every Z_m label plus the shift), so only the
base rounds are searched. Pairs fall into orbits under the shift — the
difference ±d within a copy, the difference y − x between two copies, a fixed
person with a copy — and no pair meets twice iff the base rounds use every
orbit at most once (an orbit of length m/2, difference m/2 within a copy, must
not be used at all, nor may two fixed people share a table).

The base rounds are found by a randomised depth-first search with restarts:
each table starts with the person who has the fewest possible partners left
(a table is given up when someone has fewer than s − 1), and a person joins
only if all their new pairs fall into unused orbits. Shifting one copy is a symmetry, so
the first fixed person's first table may take label 0 of every copy. It settles
many shapes at once, found or proven impossible; where it does not, a tabu
search over the base rounds (swaps, cost = orbits used too often) takes over,
whose running time is far less heavy-tailed.
"""

from __future__ import annotations

import random
import time
from typing import NamedTuple

import numpy as np


class Shape(NamedTuple):
    """Base rounds of ``groups`` tables of ``size``, shifted over Z_m: copies·m + fixed people."""

    groups: int
    size: int
    bases: int
    m: int
    copies: int
    fixed: int


def _orbit_classes(copies: int, fixed: int, m: int) -> tuple[list[list[int]], int]:
    """The orbit number of every pair, and the mask of orbits that must stay unused.

    People 0..fixed−1 are fixed; person fixed + i·m + x is label x of copy i.
    """
    n = fixed + copies * m
    cls = [[-1] * n for _ in range(n)]
    keys: dict[tuple, int] = {}
    forbidden = 0

    def key_id(key: tuple, usable: bool) -> int:
        nonlocal forbidden
        if key not in keys:
            keys[key] = len(keys)
            if not usable:
                forbidden |= 1 << keys[key]
        return keys[key]

    for p in range(n):
        for q in range(p + 1, n):
            if p < fixed:
                if q < fixed:
                    k = key_id(("ff", p, q), False)
                else:
                    k = key_id(("fc", p, (q - fixed) // m), True)
            else:
                i, x = divmod(p - fixed, m)
                j, y = divmod(q - fixed, m)
                if i == j:
                    d = (y - x) % m
                    d = min(d, m - d)
                    k = key_id(("cc", i, d), 2 * d != m)
                else:
                    k = key_id(("c2", i, j, (y - x) % m), True)
            cls[p][q] = cls[q][p] = k
    return cls, forbidden


def _base_rounds(
    shape: Shape, rng: random.Random, deadline: float
) -> list[list[int]] | None | bool:
    """Base rounds by depth-first search (``False``: none exist; ``None``: out of time)."""
    groups, size, bases, m, copies, fixed = shape
    cls, forbidden = _orbit_classes(copies, fixed, m)
    n = groups * size
    tables: list[list[int]] = []
    nodes = 0
    limit = 1000
    # Symmetry: the first fixed person's table may hold label 0 of each copy.
    first_table = None
    if fixed and copies == size - 1:
        first_table = [0] + [fixed + i * m for i in range(copies)]

    def open_table(seated: int, used: int) -> bool:
        if len(tables) % groups == 0:
            if len(tables) == groups * bases:
                return True
            seated = 0
            if not tables and first_table is not None:
                mask = 0
                table = first_table
                for a in range(len(table)):
                    for b in range(a + 1, len(table)):
                        mask |= 1 << cls[table[a]][table[b]]
                tables.append(table[:])
                seated = sum(1 << p for p in table)
                if open_table(seated, used | mask):
                    return True
                tables.pop()
                return False
        # Forward check, then start the next table with the most constrained person.
        free = [p for p in range(n) if not seated >> p & 1]
        best, best_partners = -1, None
        for p in free:
            row = cls[p]
            partners = [q for q in free if q != p and not used >> row[q] & 1]
            if len(partners) < size - 1:
                return False
            if best_partners is None or len(partners) < len(best_partners):
                best, best_partners = p, partners
        rng.shuffle(best_partners)
        return extend(seated | 1 << best, used, [best], best_partners)

    def extend(seated: int, used: int, table: list[int], candidates: list[int]) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            return False
        if len(table) == size:
            tables.append(table)
            if open_table(seated, used):
                return True
            tables.pop()
            return False
        for k, p in enumerate(candidates):
            row = cls[p]
            new = 0
            for q in table:
                bit = 1 << row[q]
                if (used | new) & bit:
                    break
                new |= bit
            else:
                # Later members come from later candidates only (no permutations).
                if extend(seated | 1 << p, used | new, table + [p], candidates[k + 1 :]):
                    return True
        return False

    while time.perf_counter() < deadline:
        nodes = 0
        tables.clear()
        if open_table(0, forbidden):
            return tables
        if nodes <= limit:
            return False  # searched completely: no plan of this shape
        limit = int(limit * 1.2) + 100
    return None


# Seconds (at most) for the complete search before the local search takes over.
COMPLETE_FIRST = 0.5
SCREENED = 12
STALL = 40


def _base_rounds_local(shape: Shape, rng: random.Random, deadline: float) -> list[list[int]] | None:
    """The same base rounds as :func:`_base_rounds`, found by tabu search instead.

    The cost counts pair orbits used more often than allowed (once, or never
    for the forbidden ones); a move swaps two people of one base round between
    tables. Every swap of a person in conflict is screened with "leave/join"
    tables (numpy), which miss only the rare case of one orbit changing twice;
    the most promising ones are then scored exactly. It can find, but never
    rule out, base rounds; where the depth-first search's time is heavy-tailed
    (10 tables of 5 over Z_9: 2 to over 20 s depending on the seed) it usually
    settles in a second or two.
    """
    groups, size, bases, m, copies, fixed = shape
    cls_list, forbidden = _orbit_classes(copies, fixed, m)
    n = groups * size
    cls = np.array(cls_list, dtype=np.int64)
    orbits = int(cls.max()) + 1
    allowed_list = [0 if forbidden >> o & 1 else 1 for o in range(orbits)]
    allowed = np.array(allowed_list, dtype=np.int64)
    order = list(range(n))
    tables: list[list[list[int]]] = []
    where: list[list[int]] = []
    for _ in range(bases):
        rng.shuffle(order)
        base = [order[j * size : (j + 1) * size] for j in range(groups)]
        tables.append(base)
        spot = [0] * n
        for j, table in enumerate(base):
            for p in table:
                spot[p] = j
        where.append(spot)
    use = [0] * orbits
    for base in tables:
        for table in base:
            for i, p in enumerate(table):
                for q in table[i + 1 :]:
                    use[cls_list[p][q]] += 1
    cost = sum(max(0, u - a) for u, a in zip(use, allowed_list, strict=True))
    best = cost
    tabu: dict[tuple[int, int, int], int] = {}
    iteration = stall = 0
    everyone = np.arange(n)

    def exact(k: int, x: int, y: int) -> tuple[int, dict[int, int]]:
        change: dict[int, int] = {}
        # Who leaves a table loses its pairs there; who arrives gains them.
        for leaver, comer in ((x, y), (y, x)):
            for z in tables[k][where[k][leaver]]:
                if z != leaver:
                    o = cls_list[leaver][z]
                    change[o] = change.get(o, 0) - 1
                    o = cls_list[comer][z]
                    change[o] = change.get(o, 0) + 1
        delta = 0
        for o, c in change.items():
            if c:
                cap = allowed_list[o]
                delta += max(0, use[o] + c - cap) - max(0, use[o] - cap)
        return delta, change

    def swap(k: int, x: int, y: int, change: dict[int, int]) -> None:
        a, b = where[k][x], where[k][y]
        ta, tb = tables[k][a], tables[k][b]
        ta[ta.index(x)] = y
        tb[tb.index(y)] = x
        where[k][x], where[k][y] = b, a
        for o, c in change.items():
            use[o] += c

    while cost > 0 and time.perf_counter() < deadline:
        iteration += 1
        use_a = np.array(use, dtype=np.int64)
        add_pen = (use_a >= allowed)[cls].astype(np.int64)
        now_pen = (use_a > allowed)[cls].astype(np.int64)
        np.fill_diagonal(add_pen, 0)
        np.fill_diagonal(now_pen, 0)
        screened = []
        for k in range(bases):
            spot = np.array(where[k], dtype=np.int64)
            members = np.array(tables[k], dtype=np.int64)  # groups × size
            join = add_pen[:, members].sum(2)  # n × groups
            leave = now_pen[everyone[:, None], members[spot]].sum(1)
            xs = np.flatnonzero(leave > 0)
            if len(xs) == 0:
                continue
            wx, wy = spot[xs], spot
            d = (
                join[xs][:, wy]
                - add_pen[xs]
                - leave[xs][:, None]
                + join[:, wx].T
                - add_pen[:, xs].T
                - leave[None, :]
            )
            d[wx[:, None] == wy[None, :]] = np.iinfo(np.int64).max // 2
            flat = np.argsort(d, axis=None, kind="stable")[:SCREENED]
            for f in flat:
                i, y = divmod(int(f), n)
                if d[i, y] < np.iinfo(np.int64).max // 2:
                    screened.append((k, int(xs[i]), y))
        if not screened:
            break
        chosen: list[tuple[int, int, int, dict[int, int]]] = []
        low = None
        for k, x, y in screened:
            delta, change = exact(k, x, y)
            a, b = where[k][x], where[k][y]
            if (tabu.get((k, x, b), 0) > iteration or tabu.get((k, y, a), 0) > iteration) and (
                cost + delta >= best
            ):
                continue
            if low is None or delta < low:
                low, chosen = delta, [(k, x, y, change)]
            elif delta == low:
                chosen.append((k, x, y, change))
        if not chosen or low is None:
            stall += 1
            continue
        k, x, y, change = chosen[rng.randrange(len(chosen))]
        a, b = where[k][x], where[k][y]
        swap(k, x, y, change)
        cost += low
        tenure = max(3, n // 8)
        tabu[k, x, a] = iteration + 2 + rng.randrange(tenure)
        tabu[k, y, b] = iteration + 2 + rng.randrange(tenure)
        if cost < best:
            best, stall = cost, 0
        else:
            stall += 1
        if stall > STALL * n:
            # A long plateau: one random swap, then on from there.
            k = rng.randrange(bases)
            x, y = rng.sample(range(n), 2)
            if where[k][x] != where[k][y]:
                delta, change = exact(k, x, y)
                swap(k, x, y, change)
                cost += delta
            stall = 0
    if cost > 0:
        return None
    return [list(table) for base in tables for table in base]


def cyclic_rounds(
    groups: int,
    size: int,
    rounds: int,
    *,
    bases: int = 1,
    seed: int = 0,
    time_limit: float = 5.0,
    local: bool = True,
) -> list[list[list[int]]] | None:
    """``rounds`` repeat-free rounds of ``groups`` tables of ``size`` people, or ``None``.

    ``bases`` base rounds (dividing ``rounds``) are each shifted ``rounds / bases``
    times. People are numbered 0..groups·size−1. Gives up after ``time_limit`` seconds.
    The complete depth-first search runs first for a moment; with ``local``
    (the default) a tabu search takes over if it has neither found nor ruled
    out a plan, otherwise the depth-first search runs on to the time limit.
    """
    n = groups * size
    if size < 2 or bases < 1 or rounds % bases:
        return None
    m = rounds // bases
    if m < 2:
        return None
    copies, fixed = divmod(n, m)
    if copies < 1 or fixed > groups:
        return None
    start = time.perf_counter()
    deadline = start + time_limit
    rng = random.Random(seed)
    # The complete search first, briefly: it rules most impossible shapes out
    # at once and finds easy plans; then the local search, whose time is far
    # less heavy-tailed on the hard ones.
    first = deadline if not local else start + min(COMPLETE_FIRST, 0.2 * time_limit)
    shape = Shape(groups, size, bases, m, copies, fixed)
    base = _base_rounds(shape, rng, first)
    if base is False:
        return None
    if base is None and local:
        base = _base_rounds_local(shape, rng, deadline)
    if not base:
        return None
    return shift_rounds(base, groups, bases, m, fixed)


def shift_rounds(
    base: list[list[int]], groups: int, bases: int, m: int, fixed: int
) -> list[list[list[int]]]:
    """All rounds from the base rounds' tables (``groups`` per base round), each shifted m times."""
    out = []
    for k in range(bases):
        for t in range(m):
            out.append(
                [
                    [
                        p if p < fixed else fixed + ((p - fixed) // m) * m + (p - fixed + t) % m
                        for p in table
                    ]
                    for table in base[k * groups : (k + 1) * groups]
                ]
            )
    return out
