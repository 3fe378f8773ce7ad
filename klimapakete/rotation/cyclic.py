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
the first fixed person's first table may take label 0 of every copy.
"""

from __future__ import annotations

import random
import time


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
    groups: int,
    size: int,
    bases: int,
    m: int,
    copies: int,
    fixed: int,
    rng: random.Random,
    deadline: float,
) -> list[list[int]] | None:
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
            return None  # searched completely: no plan of this shape
        limit = int(limit * 1.2) + 100
    return None


def cyclic_rounds(
    groups: int,
    size: int,
    rounds: int,
    *,
    bases: int = 1,
    seed: int = 0,
    time_limit: float = 5.0,
) -> list[list[list[int]]] | None:
    """``rounds`` repeat-free rounds of ``groups`` tables of ``size`` people, or ``None``.

    ``bases`` base rounds (dividing ``rounds``) are each shifted ``rounds / bases``
    times. People are numbered 0..groups·size−1. Gives up after ``time_limit`` seconds.
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
    deadline = time.perf_counter() + time_limit
    rng = random.Random(seed)
    base = _base_rounds(groups, size, bases, m, copies, fixed, rng, deadline)
    if base is None:
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
