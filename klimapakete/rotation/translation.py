"""Plans invariant under a group of translations: 4·2^k people in tables of four.

The people are four copies ("cosets") of the vector space GF(2)^k: person
``i·2^k + u`` is vector ``u`` of coset ``i``. Every round of the plan is asked
to be invariant under all translations ``u ↦ u ⊕ t`` (the same ``t`` in every
coset). The pairs then fall into orbits — ``(i, i, d)``: the pairs ``u, u ⊕ d``
inside coset ``i`` (2^(k−1) pairs), and ``(i, j, c)``: the pairs ``u`` of coset
``i`` with ``u ⊕ c`` of coset ``j`` (2^k pairs) — and a translation-invariant
round uses every orbit it touches completely, so no pair meets twice iff the
rounds use every orbit at most once.

A translation-invariant round of tables of four is made of three kinds of
table orbits: a coset split into the cosets of a 2-dimensional subspace; two
cosets ``i, j`` split into tables ``{u, u ⊕ h}`` of ``i`` plus ``{u ⊕ c, u ⊕ c ⊕ h}``
of ``j``; and (all four cosets at once) tables with one person per coset. All
such rounds are listed (13,497 distinct orbit sets for k = 3), and an exact
cover of the orbits by rounds is searched by depth-first search on the orbit
with the fewest rounds left (Knuth's Algorithm X on bit masks).

For 32 people in 8 tables of 4 this gives 10 rounds with nobody meeting twice
— the best possible, the classic "32 golfers" case — in a fraction of a
second, where the linear construction (every round invariant under all of
GF(2)^5) stops at 9 rounds: the rounds with one person per coset are not
invariant under GF(2)^5. Everybody misses exactly one other person: the
orbits ``(i, i, d)`` of one fixed ``d`` stay unused. With 31 = 3·10 + 1 no
round more is possible.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator

COSETS = 4
SIZE = 4


def translation_rounds(
    groups: int,
    size: int,
    rounds: int,
    *,
    seed: int = 0,
    time_limit: float = 5.0,
) -> list[list[list[int]]] | None:
    """``rounds`` repeat-free, translation-invariant rounds, or ``None``.

    Applies to tables of 4 with ``groups = 2^k``, k = 2 or 3 (16 or 32 people;
    larger k would list too many rounds), and at most ``(n − 1) // 3`` rounds.
    People are numbered 0..n−1 as described in the module docstring. The seed
    orders the search (different seeds, different plans); gives up after
    ``time_limit`` seconds.
    """
    k = groups.bit_length() - 1
    if size != SIZE or groups != 1 << k or k not in (2, 3):
        return None
    n = groups * size
    if rounds < 1 or rounds > (n - 1) // (size - 1):
        return None
    deadline = time.perf_counter() + time_limit
    rng = random.Random(seed)
    orbit = _orbit_ids(k)
    full = (1 << len(set(orbit.values()))) - 1
    unused = 0
    if (n - 1) % (size - 1):
        # One person short of a full round each: leave the orbits (i, i, d) of
        # one difference d unused, a perfect matching of people who never meet.
        d = 1
        unused = sum(1 << orbit[(i, i, d)] for i in range(COSETS))
    by_mask: dict[int, list[list[int]]] = {}
    for rnd in _invariant_rounds(k):
        mask = _orbit_mask(rnd, k, orbit)
        if mask is not None and not mask & unused:
            by_mask.setdefault(mask, rnd)
    masks = list(by_mask)
    chosen = None
    limit = 20000
    # The listing order (rounds with one person per coset first) settles
    # k = 3 in about a thousand nodes; should it ever fail, restart in random
    # orders with growing node limits (the search time is heavy-tailed).
    for attempt in itertools.count():
        if attempt:
            rng.shuffle(masks)
        chosen = _exact_cover(full & ~unused, masks, deadline, limit)
        if chosen is not None or time.perf_counter() > deadline:
            break
        limit = limit * 3 // 2
    if chosen is None:
        return None
    # The seed varies the plan by renaming people and reordering rounds
    # (any renaming keeps it repeat-free).
    rename = list(range(n))
    rng.shuffle(rename)
    plan = [by_mask[m] for m in chosen]
    rng.shuffle(plan)
    return [[sorted(rename[p] for p in table) for table in rnd] for rnd in plan[:rounds]]


def _orbit_ids(k: int) -> dict[tuple[int, int, int], int]:
    ids: dict[tuple[int, int, int], int] = {}
    for i in range(COSETS):
        for j in range(i, COSETS):
            for d in range(1 if i == j else 0, 1 << k):
                ids[(i, j, d)] = len(ids)
    return ids


def _orbit_mask(rnd: list[list[int]], k: int, orbit: dict[tuple[int, int, int], int]) -> int | None:
    """The orbits a round uses, or ``None`` if it uses one only in part."""
    counts: dict[tuple[int, int, int], int] = {}
    for table in rnd:
        for p, q in itertools.combinations(table, 2):
            i, a = divmod(p, 1 << k)
            j, b = divmod(q, 1 << k)
            if i > j:
                i, j = j, i
            key = (i, j, a ^ b)
            counts[key] = counts.get(key, 0) + 1
    mask = 0
    for (i, j, d), c in counts.items():
        if c != (1 << (k - 1) if i == j else 1 << k):
            return None
        mask |= 1 << orbit[(i, j, d)]
    return mask


def _planes(k: int) -> list[tuple[int, ...]]:
    """The 2-dimensional subspaces of GF(2)^k."""
    out = set()
    for a in range(1, 1 << k):
        for b in range(a + 1, 1 << k):
            out.add(tuple(sorted({0, a, b, a ^ b})))
    return sorted(out)


def _orbit_of(table: list[int], k: int) -> list[tuple[int, ...]]:
    """The distinct translates of a table."""
    size = 1 << k
    seen: dict[tuple[int, ...], None] = {}
    for t in range(size):
        seen.setdefault(tuple(sorted((p // size) * size + ((p % size) ^ t) for p in table)))
    return list(seen)


def _invariant_rounds(k: int) -> Iterator[list[tuple[int, ...]]]:
    """Every translation-invariant round (some more than once)."""
    size = 1 << k
    for a in itertools.product(range(size), repeat=COSETS - 1):
        # One person per coset (coset 0's person may be taken as 0).
        yield _orbit_of([0] + [(i + 1) * size + x for i, x in enumerate(a)], k)
    yield from _split(tuple(range(COSETS)), k)


def _split(cosets: tuple[int, ...], k: int) -> Iterator[list[tuple[int, ...]]]:
    """Rounds on ``cosets`` built from coset splits and coset pairs."""
    if not cosets:
        yield []
        return
    size = 1 << k
    i, rest = cosets[0], cosets[1:]
    for plane in _planes(k):
        part = _orbit_of([i * size + v for v in plane], k)
        for tail in _split(rest, k):
            yield part + tail
    for j in rest:
        others = tuple(c for c in rest if c != j)
        for h in range(1, size):
            for c in range(size):
                if c > c ^ h:
                    continue  # c and c ⊕ h give the same tables
                part = _orbit_of([i * size, i * size + h, j * size + c, j * size + (c ^ h)], k)
                for tail in _split(others, k):
                    yield part + tail


def _exact_cover(target: int, masks: list[int], deadline: float, limit: int) -> list[int] | None:
    """Masks that partition ``target`` (Algorithm X, fewest-options column first).

    ``None`` when there is none, or after ``limit`` nodes or at ``deadline``.
    """
    chosen: list[int] = []
    nodes = 0

    def search(covered: int, options: list[int]) -> bool | None:
        nonlocal nodes
        if covered == target:
            return True
        nodes += 1
        if nodes > limit or time.perf_counter() > deadline:
            return None
        counts: dict[int, int] = {}
        for m in options:
            x = m
            while x:
                bit = x & -x
                counts[bit] = counts.get(bit, 0) + 1
                x ^= bit
        best, fewest = 0, len(options) + 1
        x = target & ~covered
        while x:
            bit = x & -x
            x ^= bit
            c = counts.get(bit, 0)
            if c < fewest:
                best, fewest = bit, c
                if c == 0:
                    return False
        for m in [m for m in options if m & best]:
            now = covered | m
            chosen.append(m)
            got = search(now, [o for o in options if not o & now])
            if got or got is None:
                return got
            chosen.pop()
        return False

    return chosen if search(0, masks) else None
