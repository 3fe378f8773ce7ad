"""LEXIMIN stages solved as cutting-plane LPs over type weights (the dual side).

Each stage of the LEXIMIN algorithm maximises the lowest probability ``z`` of the not
yet fixed types, given the levels ``f_t`` of the fixed ones::

    max z  s.t.  sum_P l_P = 1,  sum_P l_P x_Pt / m_t >= z (free t), >= f_t (fixed t),
    l >= 0.

Instead of its restricted primal (columns = type-panels) this module solves its dual,
whose variables are one weight ``y_t >= 0`` per type and the threshold ``yhat``::

    min yhat - sum_{fixed t} f_t y_t
    s.t. sum_t (x_Pt / m_t) y_t <= yhat   for every known type-panel P,
         sum_{free t} y_t = 1.

Type-panels are *rows* here: adding the violated ones keeps the previous basis dual
feasible, so HiGHS re-solves with a warm-started dual simplex in a few pivots. Pricing
looks for a panel with ``sum_t y_t x_Pt / m_t > yhat`` (LP relaxation and roundings,
a MIP to prove convergence). The row duals are the lottery ``l`` over the generated
panels. When a stage converges, every free type with positive weight ``y_t`` has
probability exactly ``z`` in every optimal lottery (complementary slackness) and is
fixed at that level.

Status: experimental and unused; :func:`klimapakete.sortition.leximin.leximin` keeps the
primal master. Both give the same probabilities (to 1e-9 on the generated pools), but
with HiGHS this form was not faster (2026-11-25, 2 cores, loaded machine, CPU seconds of
the whole solve, old → this): n=300 1.5 → 2.1, n=500 6.5 → 6.8, n=800 10.3 → 8.7. Its
basis grows with the panel rows, so a dual simplex iteration costs more (~360 µs against
~260 µs at 308 types) than the primal one; it needs about half the iterations only when
unused rows are purged aggressively, and the extra pricing eats the gain. At n=1,727
(629 types) it made about the same progress in 90 s as the primal master (z ≈ 0.080)
but then overran its time limit by more than 100 s (a HiGHS run did not stop in time;
not investigated) — one more reason it is not used.
"""

from __future__ import annotations

import time

import highspy
import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.grouping import TypeProblem
from klimapakete.sortition.leximin import (
    FIXING_SLACK,
    FIXING_THRESHOLD,
    PRICING_TOLERANCE,
    PanelPricer,
    Progress,
    TypeSolution,
    _initial_panels,
)

# Randomly perturbed weight vectors priced cheaply per LP solve (more panels per round).
EXTRA_POINTS = 30
# Weight of the best point so far when smoothing the pricing point (Wentges).
SMOOTHING = 0.5
# Every PURGE_EVERY LP solves, drop panel rows without weight for PURGE_AGE solves.
PURGE_EVERY = 1
PURGE_AGE = 3


class _CuttingPlaneLP:
    """The dual stage LP: columns ``y_0 … y_{T-1}, yhat``; row 0 normalises, then panels."""

    def __init__(self, problem: TypeProblem) -> None:
        t = problem.count
        self.t = t
        self.inv_sizes = 1.0 / problem.sizes.astype(np.float64)
        self.h = _highs.new_model(
            primal_feasibility_tolerance=1e-10,
            dual_feasibility_tolerance=1e-10,
            presolve="off",
            threads=1,
        )
        lower = np.append(np.zeros(t), -_highs.INF)
        upper = np.full(t + 1, _highs.INF)
        cost = np.append(np.zeros(t), 1.0)
        _highs.add_columns(self.h, lower, upper, cost)
        _highs.add_row(self.h, 1.0, 1.0, np.arange(t), np.ones(t))
        self.rows = 0
        self.limited = False

    def add_panels(self, panels: list[np.ndarray]) -> None:
        if not panels:
            return
        starts, indices, values = [], [], []
        for counts in panels:
            nz = np.flatnonzero(counts)
            starts.append(len(indices))
            indices.extend(nz.tolist())
            indices.append(self.t)
            values.extend((counts[nz] * self.inv_sizes[nz]).tolist())
            values.append(-1.0)
        num = len(panels)
        self.h.addRows(
            num,
            np.full(num, -_highs.INF),
            np.zeros(num),
            len(indices),
            np.array(starts, dtype=np.int32),
            np.array(indices, dtype=np.int32),
            np.array(values, dtype=np.float64),
        )
        self.rows += num

    def remove(self, positions: np.ndarray) -> None:
        """Delete the panel rows at ``positions`` (0 = first panel row)."""
        rows = np.asarray(positions, dtype=np.int32) + 1
        self.h.deleteRows(len(rows), rows)
        self.rows -= len(rows)

    def fix(self, types: np.ndarray, level: float) -> None:
        for t in types:
            self.h.changeCoeff(0, int(t), 0.0)
            self.h.changeColCost(int(t), -level)

    def solve(self, time_limit: float) -> tuple[np.ndarray, float, float, np.ndarray] | None:
        """Return ``(y, yhat, z, lottery)`` or None when out of time."""
        if time_limit < 10.0 and not self.limited:
            self.limited = True
            self.h.setOptionValue("time_limit", self.h.getRunTime() + max(time_limit, 0.01))
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        sol = self.h.getSolution()
        x = np.array(sol.col_value)
        duals = np.array(sol.row_dual)
        y = np.clip(x[: self.t], 0.0, None)
        yhat = float(x[self.t])
        z = float(self.h.getInfo().objective_function_value)
        # A binding "<= 0" row of a minimisation has a non-positive dual in HiGHS.
        lottery = np.clip(-duals[1:], 0.0, None)
        return y, yhat, z, lottery


def _collect(
    found: list[np.ndarray],
    weights: np.ndarray,
    threshold: float,
    seen: set[bytes],
    fresh: list[np.ndarray],
) -> None:
    """Append to ``fresh`` the new panels of ``found`` that violate ``weights <= threshold``."""
    for counts in found:
        key = counts.tobytes()
        if counts @ weights > threshold and key not in seen:
            seen.add(key)
            fresh.append(counts)


def solve_types(
    problem: TypeProblem,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> TypeSolution:
    """Compute the LEXIMIN lottery over type-panels for a feasible ``problem``.

    Same contract as :func:`klimapakete.sortition.leximin.solve_types`.
    """
    start = time.monotonic()
    deadline = start + (time_limit if time_limit is not None else 1e12)
    t_count = problem.count
    sizes = problem.sizes.astype(np.float64)
    pricer = PanelPricer(problem)
    lp = _CuttingPlaneLP(problem)
    panels = _initial_panels(pricer, problem, deadline)
    if not panels:
        raise ValueError("The quotas admit no panel.")
    seen = {c.tobytes() for c in panels}
    lp.add_panels(panels)

    fixed = np.zeros(t_count, dtype=bool)
    fixed_level = np.zeros(t_count)
    iterations = stages = 0
    status = "optimal"
    lottery = np.full(len(panels), 1.0 / len(panels))
    rng = np.random.default_rng(12345)
    best_y: np.ndarray | None = None
    best_bound = np.inf
    last_used = np.zeros(len(panels), dtype=np.int64)
    while not fixed.all():
        solved = lp.solve(deadline - time.monotonic())
        if solved is None:
            status = "time_limit"
            break
        y, yhat, z, lottery = solved
        last_used = np.append(last_used, np.full(len(panels) - len(last_used), iterations))
        last_used[lottery > 1e-12] = iterations
        if iterations % PURGE_EVERY == 0:
            stale = np.flatnonzero(iterations - last_used > PURGE_AGE)
            if len(stale):
                lp.remove(stale)
                keep = np.ones(len(panels), dtype=bool)
                keep[stale] = False
                for i in stale:
                    seen.discard(panels[i].tobytes())
                panels = [c for c, k in zip(panels, keep, strict=True) if k]
                last_used = last_used[keep]
                lottery = lottery[keep]
        iterations += 1
        if progress is not None and progress(iterations, stages, z) is False:
            status = "cancelled"
            break
        threshold = yhat + PRICING_TOLERANCE
        fresh: list[np.ndarray] = []
        converged = False
        points = [y]
        if best_y is not None:
            points.append(SMOOTHING * best_y + (1 - SMOOTHING) * y)
        points += [y * np.exp(0.3 * rng.standard_normal(t_count)) for _ in range(EXTRA_POINTS)]
        weights_y = y / sizes
        for i, point in enumerate(points):
            weights = point / sizes
            scale = 1.0 / max(weights.max(), 1e-300)
            found, bound, _ = pricer.quick(weights * scale)
            if i < 2:
                dual_bound = bound / scale - fixed_level @ point
                if dual_bound < best_bound:
                    best_bound, best_y = dual_bound, point
            _collect(found, weights_y, threshold, seen, fresh)
            if i == 0 and bound / scale <= threshold:
                converged = True
                break
        if not fresh and not converged:
            scale = 1.0 / max(weights_y.max(), 1e-300)
            counts, _, bound, optimal = pricer.solve(weights_y * scale, deadline - time.monotonic())
            if counts is not None:
                found = [counts, *pricer.improving_solutions(weights_y * scale, -np.inf)]
                _collect(found, weights_y, threshold, seen, fresh)
                if not fresh and (optimal or bound / scale <= threshold):
                    converged = True
        if fresh:
            panels.extend(fresh)
            lp.add_panels(fresh)
            continue
        if not converged:
            status = "time_limit"
            break
        stages += 1
        free = np.flatnonzero(~fixed)
        to_fix = free[y[free] > FIXING_THRESHOLD]
        if len(to_fix) == 0:
            to_fix = free[[int(np.argmax(y[free]))]]
        level = z - FIXING_SLACK
        lp.fix(to_fix, level)
        fixed_level[to_fix] = level
        fixed[to_fix] = True
        best_y, best_bound = None, np.inf

    weights = np.concatenate([lottery, np.zeros(max(0, len(panels) - len(lottery)))])
    weights = weights[: len(panels)]
    if weights.sum() <= 0:
        weights = np.full(len(panels), 1.0)
    weights = weights / weights.sum()
    keep = weights > 1e-12
    kept = [c for c, k in zip(panels, keep, strict=True) if k]
    weights = weights[keep] / weights[keep].sum()
    probabilities = (weights @ np.array(kept, dtype=np.float64)) / sizes
    return TypeSolution(
        status=status,
        panels=kept,
        weights=weights,
        probabilities=probabilities,
        iterations=iterations,
        stages=stages,
        generated=len(panels),
    )
