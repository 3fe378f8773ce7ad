"""The pricing problem: the quota-satisfying type-panel with the largest weighted count."""

from __future__ import annotations

import highspy
import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.grouping import TypeProblem


class PanelPricer:
    """Finds the type-panel maximising a weighted count (the pricing MIP)."""

    def __init__(self, problem: TypeProblem) -> None:
        self.problem = problem
        t = problem.count
        rows = [(problem.panel_size, problem.panel_size, np.arange(t))]
        for types, lo, hi in zip(problem.quota_types, problem.lower, problem.upper, strict=True):
            available = int(problem.sizes[types].sum())
            if lo <= 0 and hi >= min(available, problem.panel_size):
                continue  # never binding
            rows.append((int(lo), int(hi), types))
        self.matrix = np.zeros((len(rows), t))
        for r, (_, _, types) in enumerate(rows):
            self.matrix[r, types] = 1.0
        self.row_lower = np.array([lo for lo, _, _ in rows], dtype=np.float64)
        self.row_upper = np.array([hi for _, hi, _ in rows], dtype=np.float64)
        self.h = _highs.new_model(
            mip_rel_gap=0.0,
            mip_abs_gap=1e-10,
            mip_feasibility_tolerance=1e-9,
            mip_improving_solution_save=True,
            threads=1,
        )
        self.lp = _highs.new_model(
            primal_feasibility_tolerance=1e-10, dual_feasibility_tolerance=1e-10, threads=1
        )
        for h in (self.h, self.lp):
            _highs.add_columns(h, np.zeros(t), problem.sizes.astype(np.float64))
            for lo, hi, types in rows:
                _highs.add_row(h, lo, hi, types, np.ones(len(types)))
            h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        _highs.set_integer(self.h, np.arange(t))
        self.mip_calls = 0
        self.base_row_lower = self.row_lower.copy()
        self.base_row_upper = self.row_upper.copy()
        self.col_lower = np.zeros(t)
        self.col_upper = problem.sizes.astype(np.float64)
        # the last LP solution of quick(), for repair()
        self.last_relaxation: np.ndarray | None = None

    def set_face(
        self,
        col_lower: np.ndarray,
        col_upper: np.ndarray,
        row_lower: np.ndarray,
        row_upper: np.ndarray,
    ) -> None:
        """Restrict pricing to panels within the given bounds (a face of the polytope)."""
        t = self.problem.count
        columns = np.arange(t, dtype=np.int32)
        rows = np.arange(len(row_lower), dtype=np.int32)
        for h in (self.h, self.lp):
            h.changeColsBounds(t, columns, col_lower, col_upper)
            h.changeRowsBounds(len(rows), rows, row_lower, row_upper)
        self.col_lower, self.col_upper = col_lower, col_upper
        self.row_lower, self.row_upper = row_lower, row_upper

    def in_face(self, counts: np.ndarray) -> bool:
        """Whether ``counts`` lies within the current bounds."""
        sums = self.matrix @ counts
        return bool(
            np.all(counts >= self.col_lower - 1e-9)
            and np.all(counts <= self.col_upper + 1e-9)
            and np.all(sums >= self.row_lower - 1e-9)
            and np.all(sums <= self.row_upper + 1e-9)
        )

    def quick(self, weights: np.ndarray, limit: int = 4) -> tuple[list[np.ndarray], float, bool]:
        """Cheap pricing through the LP relaxation: ``(panels, upper_bound, exact)``.

        ``upper_bound`` bounds ``weights . counts`` over all panels. When the relaxation
        has an integral optimum it is returned alone with ``exact=True``; otherwise up to
        ``limit`` of the best feasible roundings of its few fractional values.
        """
        t = self.problem.count
        self.lp.changeColsCost(t, np.arange(t, dtype=np.int32), weights.astype(np.float64))
        self.lp.run()
        if self.lp.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return [], np.inf, False
        x = np.array(self.lp.getSolution().col_value)
        bound = float(self.lp.getInfo().objective_function_value) + 1e-9
        rounded = np.rint(x)
        fractional = np.flatnonzero(np.abs(x - rounded) > 1e-7)
        if len(fractional) == 0:
            return [rounded.astype(np.int64)], bound, True
        self.last_relaxation = x
        if len(fractional) > 12:
            return [], bound, False
        base = rounded.copy()
        base[fractional] = np.floor(x[fractional])
        bits = (np.arange(2 ** len(fractional))[:, None] >> np.arange(len(fractional))) & 1
        row_sums = self.matrix @ base + bits @ self.matrix[:, fractional].T
        ok = np.all((row_sums >= self.row_lower - 1e-9) & (row_sums <= self.row_upper + 1e-9), 1)
        ok &= np.all(base[fractional] + bits <= self.col_upper[fractional] + 1e-9, axis=1)
        ok &= np.all(base[fractional] + bits >= self.col_lower[fractional] - 1e-9, axis=1)
        choices = np.flatnonzero(ok)
        values = bits[choices] @ weights[fractional]
        panels = []
        for c in choices[np.argsort(-values)][:limit]:
            counts = base.copy()
            counts[fractional] += bits[c]
            panels.append(counts.astype(np.int64))
        return panels, bound, False

    def repair(self, weights: np.ndarray, time_limit: float) -> np.ndarray | None:
        """A panel agreeing with the last relaxation that :meth:`quick` could not round.

        Keeps the types the relaxation leaves out at zero and solves the MIP over the
        others only (much smaller than the whole MIP); None if that fails.
        """
        x = self.last_relaxation
        if x is None:
            return None
        self.last_relaxation = None
        t = self.problem.count
        columns = np.arange(t, dtype=np.int32)
        left_out = x <= 1e-7
        lower = self.col_lower
        upper = np.where(left_out, self.col_lower, self.col_upper)
        self.h.changeColsBounds(t, columns, lower, upper)
        try:
            counts, *_ = self.solve(weights, time_limit)
        finally:
            self.h.changeColsBounds(t, columns, self.col_lower, self.col_upper)
        return counts

    def solve(
        self, weights: np.ndarray, time_limit: float = _highs.INF
    ) -> tuple[np.ndarray | None, float, float, bool]:
        """Return ``(counts, value, upper_bound, optimal)`` for objective ``weights``.

        ``counts`` is None when no panel was found (infeasible quotas or out of time).
        """
        t = self.problem.count
        self.mip_calls += 1
        self.h.changeColsCost(t, np.arange(t, dtype=np.int32), weights.astype(np.float64))
        # HiGHS measures the limit on its total run time over all calls.
        self.h.setOptionValue("time_limit", self.h.getRunTime() + max(float(time_limit), 0.01))
        self.h.run()
        model_status = self.h.getModelStatus()
        info = self.h.getInfo()
        if info.primal_solution_status != 2:  # no feasible solution
            return None, -np.inf, np.inf, model_status == highspy.HighsModelStatus.kInfeasible
        counts = np.rint(np.array(self.h.getSolution().col_value)).astype(np.int64)
        value = float(weights @ counts)
        optimal = model_status == highspy.HighsModelStatus.kOptimal
        bound = value if optimal else max(value, float(info.mip_dual_bound))
        return counts, value, bound, optimal

    def improving_solutions(self, weights: np.ndarray, threshold: float) -> list[np.ndarray]:
        """Other panels found during the last solve with ``weights . counts > threshold``."""
        result = []
        for saved in self.h.getSavedMipSolutions():
            counts = np.rint(np.array(saved.col_value)).astype(np.int64)
            if weights @ counts > threshold:
                result.append(counts)
        return result
