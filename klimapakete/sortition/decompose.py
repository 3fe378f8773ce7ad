"""Write a point of the quota polytope as a lottery over integer type-panels.

Given expected counts ``x`` per type (from :mod:`klimapakete.sortition.relaxation`), find
panels ``P_i`` and weights ``w_i >= 0`` summing to one with ``sum_i w_i P_i = x``.

1. **Walk** (Carathéodory's construction). Take an integer panel ``v`` on the smallest
   face of the polytope that contains ``x``, and move from ``v`` through ``x`` until
   another constraint becomes tight at ``x'``. Then ``x`` is a mix of ``v`` and ``x'``,
   and ``x'`` lies on a smaller face; repeat from ``x'``. Every step is one small LP (or,
   rarely, a MIP) and there are at most as many steps as types.
2. The walk can end on a face whose integer points no longer contain the current point,
   or where the LP finds no integer vertex quickly. Then **column generation** decomposes
   the point exactly on its face — a small master problem, because only the coordinates
   that the face leaves free take part. If that point turns out not to be a mix of
   panels, the walk is undone step by step (1, 2, 4, … steps back) and the earlier,
   larger face is tried; the starting point itself is the last resort.

Returns None when ``x`` is not a lottery over panels (proved by column generation on the
whole polytope) or when time runs out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.grouping import TypeProblem
from klimapakete.sortition.pricing import PanelPricer

# Constraints within this distance of a point count as tight there (in member counts).
# The walk divides the rest of the lottery by its remaining mass, which magnifies
# rounding errors by as much: tolerances on a point of mass ``w`` are these over ``w``.
TIGHT = 1e-9
# The column generation accepts a decomposition whose summed shortfall in probability
# units is below this.
EXACT = 1e-9
# The walk hands over to column generation when the rest of the lottery weighs less.
MIN_MASS = 1e-6
# Cheap roundings tried per walk step before the exact MIP.
QUICK_TRIES = 4
# Randomly perturbed dual points priced cheaply per master solve.
EXTRA_POINTS = 8

Stop = Callable[[int], bool]


@dataclass
class Decomposition:
    """``counts[i]`` (members per type) has probability ``weights[i]``."""

    counts: list[np.ndarray]
    weights: np.ndarray
    steps: int


class _OutOfTime(Exception):
    pass


class _Stopped(Exception):
    pass


class Decomposer:
    def __init__(
        self,
        problem: TypeProblem,
        deadline: float,
        stop: Stop | None = None,
        seed: int = 0,
    ) -> None:
        self.problem = problem
        self.sizes = problem.sizes.astype(np.float64)
        self.pricer = PanelPricer(problem)
        self.deadline = deadline
        self.stop = stop
        self.rng = np.random.default_rng(seed)
        self.steps = 0
        # every panel met so far (walk and faces), to start each column generation and
        # to hand to the fallback when time runs out
        self.pool: dict[bytes, np.ndarray] = {}

    # -- faces -------------------------------------------------------------------------

    def _enter_face(self, x: np.ndarray, mass: float) -> None:
        """Restrict the pricer to the smallest face containing ``x``."""
        pricer, m = self.pricer, self.sizes
        tight = min(TIGHT / mass, 1e-3)
        col_lower = np.where(x >= m - tight, m, 0.0)
        col_upper = np.where(x <= tight, 0.0, m)
        sums = pricer.matrix @ x
        at_lower = sums <= pricer.base_row_lower + tight
        at_upper = sums >= pricer.base_row_upper - tight
        row_lower = np.where(at_upper, pricer.base_row_upper, pricer.base_row_lower)
        row_upper = np.where(at_lower, pricer.base_row_lower, pricer.base_row_upper)
        pricer.set_face(col_lower, col_upper, row_lower, row_upper)
        # Constraints of the face hold with equality for every panel on it; moving along
        # the face changes them only by rounding noise.
        self.loose_cols = col_upper - col_lower > 0.5
        self.loose_rows = ~(at_lower | at_upper)

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OutOfTime
        if self.stop is not None and self.stop(self.steps):
            raise _Stopped

    def _face_panel(self) -> np.ndarray | None:
        """Some integer panel on the current face (random objective), or None."""
        t = self.problem.count
        for _ in range(QUICK_TRIES):
            weights = self.rng.random(t) / self.sizes
            found, _, _ = self.pricer.quick(weights)
            for counts in found:
                if self.pricer.in_face(counts):
                    return counts
        # No rounding fits: a small MIP over the types the last LP uses, then the whole.
        remaining = self.deadline - time.monotonic()
        counts = self.pricer.repair(weights, min(max(remaining, 0.01), 2.0))
        if counts is not None and self.pricer.in_face(counts):
            return counts
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise _OutOfTime
        counts, *_ = self.pricer.solve(self.rng.random(t) / self.sizes, min(remaining, 10.0))
        if counts is not None and self.pricer.in_face(counts):
            return counts
        return None

    # -- 1. the walk ---------------------------------------------------------------------

    def walk(self, x0: np.ndarray) -> tuple[list, list, list]:
        """Walk from ``x0``; returns panels, weights and the points passed.

        ``trail[j] = (x_j, mass_j, panels_before_j)``: after ``panels_before_j`` panels
        the rest of the lottery, of total weight ``mass_j``, must average to ``x_j``.
        """
        m = self.sizes
        matrix = self.pricer.matrix
        lower, upper = self.pricer.base_row_lower, self.pricer.base_row_upper
        x, mass = x0.copy(), 1.0
        panels: list[np.ndarray] = []
        weights: list[float] = []
        trail = [(x.copy(), mass, 0)]
        while True:
            self.steps += 1
            self._check()
            if mass < MIN_MASS:
                break
            self._enter_face(x, mass)
            v = self._face_panel()
            if v is None:
                break
            direction = x - v
            if np.abs(direction).max() < TIGHT / mass:  # x is this panel
                panels.append(v)
                weights.append(mass)
                trail.append((x.copy(), 0.0, len(panels)))
                break
            # The largest step along the direction that stays in the polytope.
            sums, change = matrix @ x, matrix @ direction
            alpha = np.inf
            cols, rows = self.loose_cols, self.loose_rows
            for room, rate, loose in (
                (m - x, direction, cols),  # upper bounds, approached where rate > 0
                (x, -direction, cols),  # lower bounds (zero), approached where x decreases
                (upper - sums, change, rows),
                (sums - lower, -change, rows),
            ):
                towards = loose & (rate > 1e-12)
                if towards.any():
                    steps = np.maximum(room[towards], 0.0) / rate[towards]
                    alpha = min(alpha, float(steps.min()))
            if not np.isfinite(alpha) or alpha <= 1e-12:
                break
            panels.append(v)
            self.pool[v.tobytes()] = v
            weights.append(mass * alpha / (1 + alpha))
            x = x + alpha * direction
            mass = mass / (1 + alpha)
            trail.append((x.copy(), mass, len(panels)))
        return panels, weights, trail

    # -- 2. column generation on a face ------------------------------------------------

    def on_face(self, x: np.ndarray, mass: float) -> tuple[list[np.ndarray], np.ndarray] | None:
        """An exact lottery of panels averaging ``x``, or None if there is none."""
        self._enter_face(x, mass)
        pricer, m = self.pricer, self.sizes
        t_count = self.problem.count
        free = np.flatnonzero(pricer.col_upper - pricer.col_lower > 0.5)
        if len(free) == 0:  # the face is a single point: x itself
            counts = np.rint(x).astype(np.int64)
            return ([counts], np.ones(1)) if pricer.in_face(counts) else None
        f_count = len(free)
        # min sum_t u_t / m_t  s.t.  sum_P lambda_P P_t + u_t >= x_t (free t),
        # sum_P lambda_P = 1: zero exactly when x is a lottery over the panels.
        h = _highs.new_model(
            presolve="off",
            simplex_strategy=4,
            primal_feasibility_tolerance=1e-10,
            dual_feasibility_tolerance=1e-10,
            threads=1,
        )
        _highs.add_columns(h, np.zeros(f_count), np.full(f_count, _highs.INF), 1.0 / m[free])
        _highs.add_row(h, 1.0, 1.0, np.array([], dtype=np.int64), np.array([]))
        for i, t in enumerate(free):
            _highs.add_row(h, float(x[t]), _highs.INF, np.array([i]), np.array([1.0]))
        columns: list[np.ndarray] = []
        seen: set[bytes] = set()

        def add(counts: np.ndarray) -> bool:
            key = counts.tobytes()
            if key in seen or not pricer.in_face(counts):
                return False
            seen.add(key)
            columns.append(counts)
            self.pool[key] = counts
            part = counts[free].astype(np.float64)
            nz = np.flatnonzero(part)
            h.addCol(
                0.0,
                0.0,
                _highs.INF,
                len(nz) + 1,
                np.append(0, nz + 1).astype(np.int32),
                np.append(1.0, part[nz]),
            )
            return True

        # Panels met before (on the walk, or on smaller faces inside this one) are a
        # good start; a few random vertices of the face complete it.
        for counts in list(self.pool.values()):
            add(counts)
        for _ in range(10):
            found, _, _ = pricer.quick(self.rng.random(t_count) / m)
            for counts in found:
                add(counts)
        if not columns:
            counts = self._face_panel()
            if counts is None:
                return None
            add(counts)
        while True:
            self._check()
            h.run()
            if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                raise _OutOfTime  # numerical trouble: let the caller fall back
            solution = h.getSolution()
            if h.getInfo().objective_function_value < EXACT / mass:
                lam = np.clip(np.array(solution.col_value)[f_count:], 0.0, None)
                return columns, lam / lam.sum()
            duals = np.array(solution.row_dual)
            y = np.zeros(t_count)
            y[free] = np.clip(duals[1:], 0.0, None)
            threshold = -float(duals[0]) + 1e-9  # a panel must beat this to help
            added = False
            points = [y] + [
                y * np.exp(0.3 * self.rng.standard_normal(t_count)) for _ in range(EXTRA_POINTS)
            ]
            for point in points:
                found, _, _ = pricer.quick(point / max(point.max(), 1e-300))
                for counts in found:
                    if counts @ y > threshold:
                        added |= add(counts)
            if added:
                continue
            scale = 1.0 / max(y.max(), 1e-300)
            remaining = self.deadline - time.monotonic()
            counts, _, bound, optimal = pricer.solve(y * scale, max(remaining, 0.01))
            if counts is not None:
                for found in (counts, *pricer.improving_solutions(y * scale, -np.inf)):
                    if found @ y > threshold:
                        added |= add(found)
            if added:
                continue
            if optimal or bound / scale <= threshold:
                return None  # proved: no panel improves, so x is not a lottery of panels
            raise _OutOfTime

    # -- both -------------------------------------------------------------------------

    def run(self, x0: np.ndarray) -> Decomposition | None:
        panels, weights, trail = self.walk(x0)
        j, back = len(trail) - 1, 1
        if trail[j][1] == 0.0:  # the walk ended exactly on a panel
            return self._finish(panels, weights)
        while j > 0 and trail[j][1] < MIN_MASS:  # too light: rounding errors dominate
            j -= 1
        while True:
            x, mass, before = trail[j]
            found = self.on_face(x, mass)
            if found is not None:
                columns, lam = found
                return self._finish(panels[:before] + columns, weights[:before] + list(mass * lam))
            if j == 0:
                return None
            j, back = max(0, j - back), back * 2

    def _finish(self, panels: list, weights: list) -> Decomposition:
        w = np.asarray(weights, dtype=np.float64)
        keep = w > 1e-15
        w = w[keep] / w[keep].sum()
        counts = [np.asarray(c, dtype=np.int64) for c, k in zip(panels, keep, strict=True) if k]
        return Decomposition(counts=counts, weights=w, steps=self.steps)


def decompose(
    problem: TypeProblem,
    x: np.ndarray,
    deadline: float,
    stop: Stop | None = None,
    seed: int = 0,
    found: list[np.ndarray] | None = None,
) -> Decomposition | None | str:
    """A lottery over type-panels with expected counts ``x``.

    Returns None if there is none (or time ran out) and ``"stopped"`` when ``stop``
    asked to cancel. Panels met on the way are appended to ``found`` if given.
    """
    decomposer = Decomposer(problem, deadline, stop, seed)
    try:
        return decomposer.run(x)
    except _OutOfTime:
        return None
    except _Stopped:
        return "stopped"
    finally:
        if found is not None:  # every panel met on the way, for a warm start
            found.extend(decomposer.pool.values())
