"""Which construction gives rounds of a given shape, over abstract points.

Every function returns rounds of ``groups`` tables of ``size`` points covering
points 0..groups·size−1 (or ``None``). Who sits on which point is decided
later (:mod:`relabel`), so the sector column never stops a construction.

* :func:`instant_rounds`: closed formulas — the finite-field grid (Latin
  squares; an affine plane when size = groups) for groups a prime power and
  size ≤ groups, and *glued rows* for groups < size ≤ 2·groups: with more
  people per table than tables nobody can avoid repeats after round one
  (a table of s people needs s earlier tables), and the fewest repeats come
  from s − g "companions" who sit with one fixed partner of the full grid in
  every round: (R − 1)·g·(s − g) repeated meetings, exactly the pigeonhole
  bound of :func:`bounds.repeat_bound`.
* :func:`searched_rounds`: constructions that need a search (translation
  invariant rounds for 16 and 32 people in tables of 4, a moment of complete
  search for cyclic plans, 1-rotational plans with a multiplier, then cyclic
  plans with the local search), within a deadline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from klimapakete.rotation.construct import grid_rounds, latin_rounds, prime_power
from klimapakete.rotation.cyclic import cyclic_rounds
from klimapakete.rotation.rotational import multiplier_rounds
from klimapakete.rotation.translation import translation_rounds

Rounds = list[list[list[int]]]


def glued_rounds(groups: int, size: int) -> Rounds:
    """``groups`` rounds for groups < size ≤ 2·groups (groups a prime power), or ``[]``.

    Points row·g + col (rows 0..g−1) form the full Latin-square grid; point
    g² + r·g + c (r < size − g) always sits with grid point (r, c).
    """
    extra = size - groups
    if not 0 < extra <= groups or prime_power(groups) is None:
        return []
    g = groups
    rounds = []
    for rnd in latin_rounds(g, g):
        tables = []
        for table in rnd:
            points = [s * g + c for s, c in table]
            points += [g * g + s * g + c for s, c in table if s < extra]
            tables.append(points)
        rounds.append(tables)
    return rounds


def instant_rounds(groups: int, size: int) -> Iterator[tuple[str, Rounds]]:
    """Constructions given by a formula, best first."""
    rounds = grid_rounds(groups, size)
    if rounds:
        yield "field", rounds
    rounds = glued_rounds(groups, size)
    if rounds:
        yield "glued", rounds


def searched_rounds(
    groups: int, size: int, rounds: int, *, seed: int, deadline: float
) -> Iterator[tuple[str, Rounds]]:
    """Repeat-free rounds from constructions that need a search, within ``deadline``."""
    n = groups * size
    if size < 2 or groups < 2:
        return
    start = time.perf_counter()

    def left() -> float:
        return max(0.0, deadline - time.perf_counter())

    # 16 or 32 people in tables of 4: translation-invariant rounds over GF(2)^k
    # reach the bound (10 rounds for 32, one more than the field).
    got = translation_rounds(groups, size, rounds, seed=seed, time_limit=min(5.0, left()))
    if got is not None:
        yield "translation", got
    # A moment of complete search for a cyclic plan settles many shapes at once.
    for bases in (1, 2):
        got = cyclic_rounds(
            groups, size, rounds, bases=bases, seed=seed, time_limit=min(0.25, left()), local=False
        )
        if got is not None:
            yield "cyclic", got
            return
    # A plan for more rounds (up to the bound) also serves: the extra rounds are dropped.
    lengths = range(rounds, max(rounds, (n - 1) // max(1, size - 1)) + 1)
    budget = min(1.5, 0.2 * left())
    for k, m in enumerate(lengths):
        spent = time.perf_counter() - start
        share = max(0.0, budget - spent) / (len(lengths) - k)
        if share <= 0:
            break
        found = multiplier_rounds(groups, size, m, seed=seed, time_limit=share)
        if found is not None:
            yield "multiplier", found[0][:rounds]
            break
    for bases, part in ((1, 0.7), (2, 1.0)):
        got = cyclic_rounds(groups, size, rounds, bases=bases, seed=seed, time_limit=left() * part)
        if got is not None:
            yield "cyclic", got
            break
