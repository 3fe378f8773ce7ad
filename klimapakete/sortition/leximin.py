"""Exact LEXIMIN selection probabilities over type-panels.

First the LEXIMIN point of the LP relaxation is computed over the types alone
(:mod:`klimapakete.sortition.relaxation`) and written as a lottery over integer panels
(:mod:`klimapakete.sortition.decompose`). When that succeeds the result is optimal: the
relaxation bounds every lottery. Otherwise (the relaxation's point is no lottery of
panels — rare on real pools, occasional on tiny ones) column generation solves the problem
directly:

Column generation follows the algorithm of Flanigan, Gölz, Gupta, Hennig and Procaccia
(Nature 596, 2021), worked over *types* (respondents with identical feature vectors): a
type-panel is an integer count per type meeting the quotas, and all members of a type share one
probability. Each stage maximises the lowest probability among the not yet fixed types
(dual LP with panels as generated constraints, priced by a MIP), then fixes the types
whose dual weight is positive — those cannot get more in any optimal solution — and
repeats until every type is fixed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.decompose import decompose
from klimapakete.sortition.grouping import TypeProblem, group_types
from klimapakete.sortition.model import Instance, SelectionResult
from klimapakete.sortition.panels import expand
from klimapakete.sortition.pricing import PanelPricer
from klimapakete.sortition.relaxation import relaxed_leximin

# Column generation stops when no panel improves the dual by more than this.
PRICING_TOLERANCE = 1e-9
# A type is fixed when its normalised dual weight exceeds this.
FIXING_THRESHOLD = 1e-6
# Fixed levels are lowered by this much so later LPs stay feasible despite rounding.
FIXING_SLACK = 1e-10
# Weight of the best dual point when smoothing the pricing point.
SMOOTHING = 0.5
# Number of randomly perturbed dual points priced cheaply per master solve.
EXTRA_POINTS = 12
# Every PURGE_EVERY master solves, drop panels unused for PURGE_AGE solves.
PURGE_EVERY = 5
PURGE_AGE = 10

Progress = Callable[[int, int, float], bool | None]


@dataclass
class TypeSolution:
    """A lottery over type-panels and the resulting probability of each type's members."""

    status: str
    panels: list[np.ndarray]
    weights: np.ndarray
    probabilities: np.ndarray
    iterations: int
    stages: int
    generated: int
    method: str = "column_generation"


class _Master:
    """The restricted master LP over the generated type-panels.

    max z  s.t.  sum_P p_P = 1,  sum_P p_P x_Pt / m_t >= z (free types) or >= f_t (fixed),
    p >= 0. Its row duals give the type weights ``y`` (summing to 1 over free types) and
    the threshold ``yhat`` that a new panel must beat.
    """

    def __init__(self, problem: TypeProblem) -> None:
        t = problem.count
        self.t = t
        self.inv_sizes = 1.0 / problem.sizes.astype(np.float64)
        self.h = _highs.new_model(
            primal_feasibility_tolerance=1e-10,
            dual_feasibility_tolerance=1e-10,
            simplex_strategy=4,  # primal simplex: new columns keep the basis primal feasible
            presolve="off",
            threads=1,
        )
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        # column 0 is z; rows: 0 is the sum of probabilities, 1 + t the level of type t
        _highs.add_columns(self.h, np.array([-_highs.INF]), np.array([_highs.INF]), np.ones(1))
        _highs.add_row(self.h, 1.0, 1.0, np.array([], dtype=np.int64), np.array([]))
        for _ in range(t):
            _highs.add_row(self.h, 0.0, _highs.INF, np.array([0]), np.array([-1.0]))
        self.columns = 0
        self.limited = False

    def add_panel(self, counts: np.ndarray) -> None:
        nz = np.flatnonzero(counts)
        rows = np.append(0, nz + 1).astype(np.int32)
        values = np.append(1.0, counts[nz] * self.inv_sizes[nz])
        self.h.addCol(0.0, 0.0, _highs.INF, len(rows), rows, values)
        self.columns += 1

    def remove(self, indices: np.ndarray) -> None:
        """Delete the panels at ``indices`` (positions in insertion order)."""
        columns = np.asarray(indices, dtype=np.int32) + 1
        self.h.deleteCols(len(columns), columns)
        self.columns -= len(columns)

    def fix(self, t: int, level: float) -> None:
        self.h.changeCoeff(t + 1, 0, 0.0)
        self.h.changeRowBounds(t + 1, level, _highs.INF)

    def solve(self, time_limit: float) -> tuple[np.ndarray, float, float, np.ndarray] | None:
        """Return ``(y, yhat, z, p)`` or None when out of time."""
        # HiGHS counts its time limit over all runs of this object, and changing an
        # option makes it rebuild its solver state (slow): so the limit is only set
        # when the deadline comes close, relative to the time used so far.
        if time_limit < 10.0 and not self.limited:
            self.limited = True
            self.h.setOptionValue("time_limit", self.h.getRunTime() + max(time_limit, 0.01))
        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        sol = self.h.getSolution()
        x = np.array(sol.col_value)
        duals = np.array(sol.row_dual)
        # In a maximisation HiGHS reports duals of binding >= rows as non-positive.
        y = np.clip(-duals[1:], 0.0, None)
        yhat = float(duals[0])
        z = float(x[0])
        return y, yhat, z, np.clip(x[1:], 0.0, None)


def _initial_panels(
    pricer: PanelPricer, problem: TypeProblem, deadline: float, known: list[np.ndarray] = ()
) -> list:
    """A few panels covering as many types as cheaply possible (beyond ``known``)."""
    panels: list[np.ndarray] = []
    covered = np.zeros(problem.count, dtype=bool)
    for counts in known:
        covered |= counts > 0
    if covered.all():
        return panels
    rng = np.random.default_rng(0)
    for _ in range(max(3, min(20, problem.count))):
        weights = np.where(covered, 0.0, 1.0) / problem.sizes + 1e-3 * rng.random(problem.count)
        counts, *_ = pricer.solve(weights, deadline - time.monotonic())
        if counts is None:
            break
        newly = (counts > 0) & ~covered
        panels.append(counts)
        covered |= counts > 0
        if not newly.any() or covered.all() or time.monotonic() > deadline:
            break
    return panels


def solve_types(
    problem: TypeProblem,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> TypeSolution:
    """Compute the LEXIMIN lottery over type-panels for a feasible ``problem``.

    ``progress(iteration, stage, current_minimum)`` is called regularly; returning False
    cancels (status ``"cancelled"``). On time limit the best lottery found so far is
    returned with status ``"time_limit"``.
    """
    start = time.monotonic()
    deadline = start + (time_limit if time_limit is not None else 1e12)
    relaxed = relaxed_leximin(problem)
    known: list[np.ndarray] = []
    if relaxed is not None:
        target = float(relaxed.levels.min())

        def stop(step: int) -> bool:
            return progress is not None and progress(step, relaxed.stages, target) is False

        # The decomposition gets most of the time; column generation needs the rest.
        share = deadline - (deadline - start) * 0.3 if time_limit is not None else deadline
        found = decompose(problem, relaxed.counts, share, stop=stop, found=known)
        if found == "stopped":
            return TypeSolution("cancelled", [], np.zeros(0), np.zeros(0), 0, 0, 0)
        if found is not None:
            matrix = np.array(found.counts, dtype=np.float64)
            return TypeSolution(
                status="optimal",
                panels=found.counts,
                weights=found.weights,
                probabilities=(found.weights @ matrix) / problem.sizes,
                iterations=found.steps,
                stages=relaxed.stages,
                generated=len(found.counts),
                method="relaxation",
            )
    return _column_generation(problem, deadline, progress, known)


def _column_generation(
    problem: TypeProblem,
    deadline: float,
    progress: Progress | None,
    known: list[np.ndarray] = (),
) -> TypeSolution:
    t_count = problem.count
    sizes = problem.sizes.astype(np.float64)
    pricer = PanelPricer(problem)
    master = _Master(problem)
    # Panels from an unfinished decomposition are a good start.
    panels = list({c.tobytes(): np.asarray(c, dtype=np.int64) for c in known}.values())
    panels += _initial_panels(pricer, problem, deadline, panels)
    if not panels:
        raise ValueError("The quotas admit no panel.")
    seen = {c.tobytes() for c in panels}
    for counts in panels:
        master.add_panel(counts)

    fixed = np.zeros(t_count, dtype=bool)
    iterations = stages = 0
    status = "optimal"
    p = np.full(len(panels), 1.0 / len(panels))
    fixed_level = np.zeros(t_count)
    rng = np.random.default_rng(12345)
    last_used = np.zeros(len(panels), dtype=np.int64)
    best_y: np.ndarray | None = None  # stabilisation centre of the current stage
    best_bound = np.inf
    while not fixed.all():
        if iterations and time.monotonic() > deadline:
            status = "time_limit"
            break
        # The first solve always gets a few seconds: it turns the panels at hand into
        # the best lottery over them, far better than none when time is short.
        remaining = deadline - time.monotonic()
        solved = master.solve(remaining if iterations else max(remaining, 5.0))
        if solved is None:
            status = "time_limit"
            break
        y, yhat, z, p = solved
        y = np.clip(y, 0.0, None)
        last_used = np.append(last_used, np.full(len(panels) - len(last_used), iterations))
        last_used[p > 1e-12] = iterations
        if iterations % PURGE_EVERY == 0:
            # Panels unused for long only slow the master LP down; they can come back.
            stale = np.flatnonzero(iterations - last_used > PURGE_AGE)
            if len(stale):
                master.remove(stale)
                keep = np.ones(len(panels), dtype=bool)
                keep[stale] = False
                for i in stale:
                    seen.discard(panels[i].tobytes())
                panels = [c for c, k in zip(panels, keep, strict=True) if k]
                last_used = last_used[keep]
                p = p[keep]
        iterations += 1
        if progress is not None and progress(iterations, stages, z) is False:
            status = "cancelled"
            break
        # Price at a point between the best dual so far and the master's dual (Wentges
        # smoothing, fewer iterations); after a miss, price at the master's dual itself.
        threshold = yhat + PRICING_TOLERANCE
        added = converged = False

        def add_violating(
            found: list[np.ndarray],
            y_weights: np.ndarray = y / sizes,
            limit: float = threshold,
            store: list[np.ndarray] = panels,
        ) -> bool:
            fresh = False
            for counts in found:
                if counts @ y_weights > limit and counts.tobytes() not in seen:
                    seen.add(counts.tobytes())
                    store.append(counts)
                    master.add_panel(counts)
                    fresh = True
            return fresh

        # Cheap pricing (LP relaxation and roundings) at the master's dual, at a point
        # towards the best dual so far (Wentges smoothing) and at a few random
        # perturbations: many useful panels per master solve.
        points = [y]
        if best_y is not None:
            points.append(SMOOTHING * best_y + (1 - SMOOTHING) * y)
        points += [y * np.exp(0.3 * rng.standard_normal(t_count)) for _ in range(EXTRA_POINTS)]
        for point in points:
            weights = point / sizes
            scale = 1.0 / max(weights.max(), 1e-300)
            found, bound, _ = pricer.quick(weights * scale)
            if point is y or point is points[1]:
                dual_bound = bound / scale - fixed_level @ point
                if dual_bound < best_bound:
                    best_bound, best_y = dual_bound, point
            added |= add_violating(found)
            if point is y and bound / scale <= threshold:
                converged = True  # the LP relaxation already proves the stage optimum
                break
        if not added and not converged:
            # Exact pricing by MIP.
            weights = y / sizes
            scale = 1.0 / max(weights.max(), 1e-300)
            counts, value, bound, optimal = pricer.solve(
                weights * scale, deadline - time.monotonic()
            )
            if counts is not None:
                found = [counts, *pricer.improving_solutions(weights * scale, -np.inf)]
                if add_violating(found):
                    added = True
                elif optimal or bound / scale <= threshold:
                    converged = True  # no panel beats the master's dual: stage optimum
        if added:
            continue
        if not converged:
            status = "time_limit"
            break
        # The lowest free level is z. Fix the types that carry dual weight.
        stages += 1
        free = np.flatnonzero(~fixed)
        to_fix = free[y[free] > FIXING_THRESHOLD]
        if len(to_fix) == 0:
            to_fix = free[[int(np.argmax(y[free]))]]
        for t in to_fix:
            master.fix(int(t), z - FIXING_SLACK)
            fixed_level[t] = z - FIXING_SLACK
        fixed[to_fix] = True
        best_y, best_bound = None, np.inf

    p = np.concatenate([p, np.zeros(max(0, len(panels) - len(p)))])
    weights = np.asarray(p, dtype=np.float64)[: len(panels)]
    if weights.sum() <= 0:
        weights = np.full(len(panels), 1.0)
    weights = weights / weights.sum()
    if status != "optimal" and panels:
        # Stopped early, the master's lottery may leave out people whom known panels
        # include (its optimum was still zero); then mix in every known panel equally.
        everyone = np.array(panels, dtype=np.float64)
        reached = weights @ everyone > 1e-12
        if not reached[everyone.any(axis=0)].all():
            weights = 0.5 * weights + 0.5 / len(panels)
    keep = weights > 1e-12
    kept = [c for c, k in zip(panels, keep, strict=True) if k]
    weights = weights[keep] / weights[keep].sum()
    matrix = np.array(kept, dtype=np.float64)
    probabilities = (weights @ matrix) / sizes
    return TypeSolution(
        status=status,
        panels=kept,
        weights=weights,
        probabilities=probabilities,
        iterations=iterations,
        stages=stages,
        generated=len(panels),
    )


def leximin(
    instance: Instance,
    time_limit: float | None = None,
    progress: Progress | None = None,
) -> SelectionResult:
    """The LEXIMIN lottery over quota-satisfying panels of ``instance``.

    The quotas must be feasible (see :func:`klimapakete.sortition.feasibility.check`).
    Every member of a type gets the same probability; ``result.probabilities`` are the
    marginals of ``result.distribution``.
    """
    start = time.monotonic()
    problem = group_types(instance)
    solution = solve_types(problem, time_limit=time_limit, progress=progress)
    ids = [r.id for r in instance.respondents]
    distribution = expand(problem, solution.panels, solution.weights, ids)
    marginals = distribution.marginals()
    probabilities = {rid: marginals.get(rid, 0.0) for rid in ids}
    return SelectionResult(
        status=solution.status,
        distribution=distribution,
        probabilities=probabilities,
        seconds=time.monotonic() - start,
        types=problem.count,
        iterations=solution.iterations,
        stages=solution.stages,
        type_panels=len(solution.panels),
        method=solution.method,
    )
