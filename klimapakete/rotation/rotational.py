"""1-rotational plans whose base round is also invariant under a multiplier.

Same shape as :mod:`klimapakete.rotation.cyclic`: f fixed people plus c copies
of Z_m, and a base round whose m shifts are the rounds; no pair meets twice
iff the base round uses every pair orbit at most once. Here the base round
must in addition be invariant under a *multiplier*
``μ: x_i ↦ (u·x)_(i+v mod c)`` (u a unit of Z_m, fixed people stay fixed).
μ maps shifts to shifts (μ(x + 1) = μ(x) + u), so it permutes the pair orbits,
and a table of the base round brings all its images under μ along: the
depth-first search only chooses one table per μ-orbit of tables, which
shrinks the search for the classic hard cases to a fraction of a second —
for 40 people in 10 tables of 4 (13 rounds, m = 13, u = 3 of order 3) three
tables plus the fixed person's table determine all 130 tables. This is the
textbook "difference family with a multiplier" method of design theory.
"""

from __future__ import annotations

import random
import time

from klimapakete.rotation.cyclic import _orbit_classes, shift_rounds


def _multiplier(
    m: int, copies: int, fixed: int, u: int, v: int, w: int = 0, offsets: tuple[int, ...] = ()
) -> list[int]:
    """The permutation μ of the people (numbered as in :mod:`cyclic`).

    Fixed person f goes to f + w (mod fixed); label x of copy i goes to label
    u·x + offsets[i] of copy i + v (mod copies).
    """
    perm = [(f + w) % fixed for f in range(fixed)]
    for i in range(copies):
        a = offsets[i] if offsets else 0
        for x in range(m):
            perm.append(fixed + ((i + v) % copies) * m + (u * x + a) % m)
    return perm


def _images(table: list[int], perm: list[int]) -> list[list[int]] | None:
    """The distinct images of ``table`` under powers of μ, or ``None`` if they overlap."""
    out = [sorted(table)]
    seen = set(table)
    current = table
    while True:
        current = [perm[p] for p in current]
        key = sorted(current)
        if key == out[0]:
            return out
        if seen.intersection(key):
            return None
        seen.update(key)
        out.append(key)


def invariant_base_round(
    groups: int,
    size: int,
    m: int,
    u: int,
    v: int,
    seed: int,
    deadline: float,
    pin: bool = True,
    w: int = 0,
    offsets: tuple[int, ...] = (),
) -> list[list[int]] | None:
    """A base round (``groups`` tables) invariant under μ, or ``None`` (none or out of time)."""
    n = groups * size
    copies, fixed = divmod(n, m)
    cls, forbidden = _orbit_classes(copies, fixed, m)
    perm = _multiplier(m, copies, fixed, u, v, w, offsets)
    rng = random.Random(seed)
    tables: list[list[int]] = []
    nodes = 0
    limit = 2000

    def classes(table: list[int], used: int) -> int | None:
        mask = 0
        for a in range(len(table)):
            row = cls[table[a]]
            for b in range(a + 1, len(table)):
                bit = 1 << row[table[b]]
                if (used | mask) & bit:
                    return None
                mask |= bit
        return mask

    def place(seated: int, used: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > limit:
            return False
        free = [p for p in range(n) if not seated >> p & 1]
        if not free:
            return len(tables) == groups
        # The most constrained person opens the next table.
        best, best_partners = -1, None
        for p in free:
            row = cls[p]
            partners = [q for q in free if q != p and not used >> row[q] & 1]
            if len(partners) < size - 1:
                return False
            if best_partners is None or len(partners) < len(best_partners):
                best, best_partners = p, partners
        rng.shuffle(best_partners)
        return extend(seated, used, [best], best_partners)

    def extend(seated: int, used: int, table: list[int], candidates: list[int]) -> bool:
        if len(table) == size:
            images = _images(table, perm)
            if images is None:
                return False
            # ``used`` already holds the classes of the table itself (images[0]).
            mask = 0
            add = sum(1 << p for p in table)
            for image in images[1:]:
                got = classes(image, used | mask)
                if got is None or any(seated >> p & 1 for p in image):
                    return False
                mask |= got
                add |= sum(1 << p for p in image)
            tables.extend(images)
            if place(seated | add, used | mask):
                return True
            del tables[len(tables) - len(images) :]
            return False
        for k, p in enumerate(candidates):
            row_new = cls[p]
            new = 0
            for q in table:
                bit = 1 << row_new[q]
                if (used | new) & bit:
                    break
                new |= bit
            else:
                if extend(seated, used | new, table + [p], candidates[k + 1 :]):
                    return True
            if nodes > limit:
                return False
        return False

    # By shifting single copies, the first fixed person's table may hold
    # label 0 of every copy (μ fixes it as long as v == 0).
    start = None
    if pin and fixed and copies == size - 1 and v == 0 and w == 0 and not any(offsets):
        start = [0] + [fixed + i * m for i in range(copies)]
    while time.perf_counter() < deadline:
        nodes = 0
        tables.clear()
        seated, used = 0, forbidden
        if start is not None:
            mask = classes(start, used)
            tables.append(start[:])
            seated |= sum(1 << p for p in start)
            used |= mask or 0
        if place(seated, used):
            return tables
        if nodes <= limit:
            return None  # searched completely
        limit = int(limit * 1.3) + 500
    return None


def multiplier_rounds(
    groups: int,
    size: int,
    rounds: int,
    *,
    seed: int = 0,
    time_limit: float = 5.0,
) -> tuple[list[list[list[int]]], str] | None:
    """``rounds`` repeat-free rounds from a μ-invariant base round, or ``None``.

    Tries the multipliers μ (u a unit of Z_rounds, the copies turned by v,
    the fixed people by w) in turn, sharing ``time_limit`` seconds; most
    shapes are settled — found or proven impossible — in milliseconds.
    Returns the rounds and a description of μ.
    """
    n = groups * size
    m = rounds
    if size < 2 or m < 3:
        return None
    copies, fixed = divmod(n, m)
    if copies < 1 or fixed > groups:
        return None
    options = [
        (u, v, w)
        for u in range(1, m)
        if _gcd(u, m) == 1
        for v in range(copies)
        for w in range(max(1, fixed))
        if (u, v, w) != (1, 0, 0)
    ]
    deadline = time.perf_counter() + time_limit
    for k, (u, v, w) in enumerate(options):
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        share = time.perf_counter() + left / (len(options) - k)
        base = invariant_base_round(groups, size, m, u, v, seed, share, w=w)
        if base is not None:
            return shift_rounds(base, groups, 1, m, fixed), f"u={u},v={v},w={w}"
    return None


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a
