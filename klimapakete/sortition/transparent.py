"""A draw anyone can witness: the LEXIMIN lottery rounded to M equally likely panels.

Following the idea of Flanigan, Kehne and Procaccia, "Fair Sortition Made
Transparent" (NeurIPS 2021): a lottery whose panels all have probability 1/M can be drawn
with dice or numbered balls in public (M = 1,000: three ten-sided dice). Rounding changes
each person's selection probability a little; this module keeps the change as small as
it can and reports it.

How (our own construction, pure, no Django):

1. Respondents with the same values in every category are interchangeable (a *type*).
   The lottery is read as a lottery over *type-panels* (how many of each type sit on a
   panel) with probabilities ``p_T``.
2. Integer counts ``c_T >= 0`` with ``Σ c_T = M`` are chosen by a small mixed-integer
   program (HiGHS) that minimises the largest deviation of a type's average probability
   ``S_t / (M · m_t)`` from its LEXIMIN probability ``π_t``, where ``S_t = Σ c_T · n_{T,t}``
   is the number of seats type ``t`` gets across the M panels and ``m_t`` its size. Every
   type with ``π_t > 0`` keeps at least one seat when M allows it. The largest-remainder
   rounding of ``M · p_T`` is the starting point and the fallback at the time limit.
3. The ``S_t`` seats of type ``t`` are filled with its members in a fixed order that no
   one can choose after the fact (SHA-256 of ``salt``, a NUL byte and the id): member
   ``k`` of that order takes seats ``k, k + m_t, k + 2 m_t, …``. Seats of one panel are
   consecutive and no panel has more than ``m_t`` seats of a type, so nobody sits twice
   on a panel, and everyone of a type gets ``⌊S_t / m_t⌋`` or ``⌈S_t / m_t⌉`` panels.

A person's probability is then (panels they are on) / M; the largest change against
LEXIMIN is at most the type deviation plus 1/M.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.draw import seed_to_unit
from klimapakete.sortition.model import Distribution, Instance

DEFAULT_PANELS = 1000


@dataclass
class TransparentLottery:
    """M numbered panels (``panels[0]`` is number 1), each with probability 1/M.

    ``probabilities`` (id → probability under the rounded lottery) and ``leximin`` (id →
    probability before rounding) cover every respondent; ``status`` is ``"optimal"`` when
    the rounding is proven to have the smallest possible largest type deviation,
    ``"time_limit"`` when the search stopped with the best rounding found.
    """

    panels: list[tuple[str, ...]]
    probabilities: dict[str, float]
    leximin: dict[str, float]
    status: str
    seconds: float

    @property
    def size(self) -> int:
        return len(self.panels)

    @property
    def max_deviation(self) -> float:
        return max(abs(self.probabilities[i] - self.leximin[i]) for i in self.leximin)

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values())

    @property
    def leximin_min_probability(self) -> float:
        return min(self.leximin.values())

    @property
    def deviation_lower_bound(self) -> float:
        """No lottery of M equally likely panels can do better: a person's probability is
        a multiple of 1/M, so it misses ``π`` by at least the distance of ``M · π`` to the
        nearest integer, divided by M."""
        m = self.size
        return max(abs(round(m * p) - m * p) for p in self.leximin.values()) / m


def _types(instance: Instance) -> tuple[dict[str, int], list[list[str]]]:
    index: dict[tuple[str, ...], int] = {}
    members: list[list[str]] = []
    type_of: dict[str, int] = {}
    for r in instance.respondents:
        key = tuple(r.features[c] for c in instance.categories)
        t = index.setdefault(key, len(members))
        if t == len(members):
            members.append([])
        members[t].append(r.id)
        type_of[r.id] = t
    return type_of, members


def _type_panels(
    distribution: Distribution, type_of: dict[str, int], types: int
) -> tuple[np.ndarray, np.ndarray]:
    """Compositions (rows: type-panels, columns: types) and their probabilities."""
    weights: dict[tuple[int, ...], float] = {}
    for panel, p in zip(distribution.panels, distribution.probabilities, strict=True):
        if p <= 0:
            continue
        counts = Counter(type_of[i] for i in panel)
        key = tuple(counts.get(t, 0) for t in range(types))
        weights[key] = weights.get(key, 0.0) + p
    keys = sorted(weights)  # a canonical order, whatever order the lottery listed them in
    total = sum(weights.values())
    return (
        np.array(keys, dtype=np.int64).reshape(len(keys), types),
        np.array([weights[k] / total for k in keys]),
    )


def _largest_remainder(probabilities: np.ndarray, m: int) -> np.ndarray:
    exact = probabilities * m
    counts = np.floor(exact).astype(np.int64)
    missing = m - int(counts.sum())
    order = np.lexsort((np.arange(len(exact)), -(exact - counts)))
    counts[order[:missing]] += 1
    return counts


def _round(
    compositions: np.ndarray,
    probabilities: np.ndarray,
    sizes: np.ndarray,
    target: np.ndarray,
    m: int,
    time_limit: float,
    rng: np.random.Generator,
) -> tuple[np.ndarray, str]:
    """Counts per type-panel that sum to ``m`` with a small largest type deviation.

    Many systematic samples (a random order of the type-panels, one random offset), then
    a local search that moves one panel from one composition to another, then the exact
    mixed-integer program from the best rounding found, each within its share of the time.
    """
    deadline = time.monotonic() + time_limit
    weights = compositions / (m * sizes)  # seats of one panel as probability, per type
    best = _largest_remainder(probabilities, m)
    best_deviation = _deviation(best, weights, target)
    sampling_end = time.monotonic() + 0.15 * time_limit
    for _ in range(2000):
        if time.monotonic() > sampling_end:
            break
        counts = _systematic_sample(probabilities, m, rng)
        deviation = _deviation(counts, weights, target)
        if deviation < best_deviation:
            best, best_deviation = counts, deviation
    best = _local_search(best, weights, target, time.monotonic() + 0.35 * time_limit, rng)
    for keep_every_type in (True, False):
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            break
        result = _solve(compositions, sizes, target, m, best, remaining, keep_every_type)
        if result is not None:
            return result
    return best, "time_limit"


def _systematic_sample(probabilities: np.ndarray, m: int, rng: np.random.Generator) -> np.ndarray:
    """Σ = m counts whose expectation is ``m · p``: type-panels in a random order on a line
    of length m, cut at the points ``u, u + 1, …`` for one random ``u``."""
    order = rng.permutation(len(probabilities))
    edges = np.concatenate([[0.0], np.cumsum(probabilities[order] * m)])
    edges[-1] = m  # no drift from floating-point sums
    hits = np.floor(edges - rng.random() + 1.0)
    counts = np.zeros(len(probabilities), dtype=np.int64)
    counts[order] = (hits[1:] - hits[:-1]).astype(np.int64)
    return counts


def _local_search(
    counts: np.ndarray,
    weights: np.ndarray,
    target: np.ndarray,
    deadline: float,
    rng: np.random.Generator,
    power: int = 8,
) -> np.ndarray:
    """Move single panels between compositions while Σ |deviation|^power falls (a smooth
    stand-in for the largest deviation that also rewards lowering the runner-up)."""
    counts = counts.copy()
    current = counts @ weights - target
    scale = 1.0 / max(float(np.max(np.abs(current))), 1e-12)
    score = float(np.sum((np.abs(current) * scale) ** power))
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for source in rng.permutation(np.flatnonzero(counts > 0)):
            if time.monotonic() > deadline:
                break
            candidates = current - weights[source] + weights
            scores = np.sum((np.abs(candidates) * scale) ** power, axis=1)
            destination = int(np.argmin(scores))
            if scores[destination] < score * (1 - 1e-12) and destination != source:
                counts[source] -= 1
                counts[destination] += 1
                current, score, improved = candidates[destination], float(scores[destination]), True
    return counts


def _solve(
    compositions: np.ndarray,
    sizes: np.ndarray,
    target: np.ndarray,
    m: int,
    start: np.ndarray,
    time_limit: float,
    keep_every_type: bool,
) -> tuple[np.ndarray, str] | None:
    panels, types = compositions.shape
    h = _highs.new_model(time_limit=float(time_limit), mip_rel_gap=0.0)
    # columns: c_0 … c_{P-1}, then the largest deviation z
    _highs.add_columns(
        h,
        np.zeros(panels + 1),
        np.append(np.full(panels, float(m)), _highs.INF),
        np.append(np.zeros(panels), 1.0),
    )
    _highs.set_integer(h, np.arange(panels))
    _highs.add_row(h, m, m, np.arange(panels), np.ones(panels))
    z = panels
    for t in range(types):
        used = np.flatnonzero(compositions[:, t])
        if not len(used):
            continue
        values = compositions[used, t] / (m * sizes[t])
        indices = np.append(used, z)
        # S_t / (M m_t) - z <= π_t   and   S_t / (M m_t) + z >= π_t
        _highs.add_row(h, -_highs.INF, target[t], indices, np.append(values, -1.0))
        _highs.add_row(h, target[t], _highs.INF, indices, np.append(values, 1.0))
        if keep_every_type and target[t] > 0:
            # nobody loses their chance entirely: at least one seat for the type
            _highs.add_row(h, 1.0, _highs.INF, used, compositions[used, t].astype(float))
    start_deviation = _deviation(start, compositions / (m * sizes), target)
    h.setSolution(_solution(np.append(start.astype(float), start_deviation)))
    h.run()
    status = h.getModelStatus()
    if h.getInfo().primal_solution_status != 2:  # no feasible rounding found
        return None
    counts = np.rint(np.array(h.getSolution().col_value[:panels])).astype(np.int64)
    if counts.sum() != m or counts.min() < 0:
        return None
    if status == _highs.highspy.HighsModelStatus.kOptimal:
        return counts, "optimal"
    if _deviation(counts, compositions / (m * sizes), target) > start_deviation:
        counts = start
    return counts, "time_limit"


def _solution(values: np.ndarray):
    solution = _highs.highspy.HighsSolution()
    solution.col_value = list(map(float, values))
    solution.value_valid = True
    return solution


def _deviation(counts: np.ndarray, weights: np.ndarray, target: np.ndarray) -> float:
    return float(np.max(np.abs(counts @ weights - target)))


def _order(ids: list[str], salt: str) -> list[str]:
    return sorted(ids, key=lambda i: hashlib.sha256(f"{salt}\0{i}".encode()).hexdigest())


def round_lottery(
    instance: Instance,
    distribution: Distribution,
    *,
    panels: int = DEFAULT_PANELS,
    salt: str = "",
    time_limit: float = 20.0,
) -> TransparentLottery:
    """Round ``distribution`` (a lottery over quota-satisfying panels of ``instance``) to
    ``panels`` equally likely panels; see the module docstring for how.

    ``salt`` fixes who of a type gets the one extra panel when seats do not divide evenly;
    it must be fixed before the random number is known (e.g. the lottery's SHA-256).
    """
    if panels < 1:
        raise ValueError("the number of panels must be positive")
    begin = time.monotonic()
    type_of, members = _types(instance)
    sizes = np.array([len(m) for m in members], dtype=np.int64)
    compositions, probabilities = _type_panels(distribution, type_of, len(members))
    target = compositions.T @ probabilities / sizes
    rng = np.random.default_rng(int.from_bytes(hashlib.sha256(salt.encode()).digest()[:8], "big"))
    counts, status = _round(compositions, probabilities, sizes, target, panels, time_limit, rng)

    # fill the seats type by type, in panel order
    expanded = np.repeat(compositions, counts, axis=0)
    rows: list[list[str]] = [[] for _ in range(len(expanded))]
    for t, group in enumerate(members):
        order = _order(group, salt)
        seat = 0
        for j in range(len(rows)):
            for _ in range(int(expanded[j, t])):
                rows[j].append(order[seat % len(order)])
                seat += 1
    result_panels = [tuple(sorted(row, key=_natural)) for row in rows]
    seen = Counter(i for row in result_panels for i in row)
    ids = [r.id for r in instance.respondents]
    leximin_marginals = distribution.marginals()
    total = sum(distribution.probabilities)
    return TransparentLottery(
        panels=result_panels,
        probabilities={i: seen.get(i, 0) / panels for i in ids},
        leximin={i: leximin_marginals.get(i, 0.0) / total for i in ids},
        status=status,
        seconds=time.monotonic() - begin,
    )


def _natural(value: str) -> tuple:
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


def number_from_seed(seed: str, panels: int) -> int:
    """The panel number (1 … ``panels``) a digital seed selects: ⌊u · M⌋ + 1."""
    return int(seed_to_unit(seed) * panels) + 1


def number_from_digits(digits: str, panels: int) -> int:
    """The panel number for a physical draw: the digits read as one number ``d`` (dice
    or balls, e.g. three ten-sided dice for M = 1,000 give 000 … 999), number ``d + 1``.
    """
    cleaned = "".join(ch for ch in digits if not ch.isspace())
    if not cleaned.isdigit():
        raise ValueError("the drawn value must consist of digits")
    value = int(cleaned)
    if value >= panels:
        raise ValueError(f"the drawn value must lie between 0 and {panels - 1}")
    return value + 1
