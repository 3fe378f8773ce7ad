"""LEXIMIN over the LP relaxation of the panel polytope: an upper bound that is often exact.

A lottery over panels gives every type ``t`` an expected number ``x_t`` of panel members.
Those vectors form the convex hull of the integer points of the quota polytope

    Q = { x : sum_t x_t = k,  lower_q <= sum_{t in q} x_t <= upper_q,  0 <= x_t <= m_t }.

The hull lies inside Q, so the LEXIMIN level vector ``x_t / m_t`` over Q is at least as
good, lexicographically, as the one over the hull. It takes a few small LPs over the
types alone — no panels — and when the resulting point can be written as a lottery over
integer panels (:mod:`klimapakete.sortition.decompose`), it *is* the LEXIMIN solution:
nothing better exists even in the relaxation. That is the certificate this solver reports.

Each stage maximises the lowest level ``z`` among the types not yet fixed and then fixes
those whose level row has a positive dual value: complementary slackness holds them at
``z`` in every optimal solution of the stage. The duals of the level rows sum to one, so
at least one type is fixed per stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.grouping import TypeProblem

# A type is fixed when the dual value of its level row exceeds this.
FIXING_THRESHOLD = 1e-9
# Fixed levels are lowered by this much so later LPs stay feasible despite rounding.
FIXING_SLACK = 1e-11


@dataclass
class RelaxedLeximin:
    """The LEXIMIN point of the relaxation: ``counts[t]`` expected members of type t."""

    counts: np.ndarray
    levels: np.ndarray
    stages: int


def relaxed_leximin(problem: TypeProblem) -> RelaxedLeximin | None:
    """LEXIMIN expected counts per type over the relaxation, or None if it is infeasible."""
    t_count = problem.count
    sizes = problem.sizes.astype(np.float64)
    h = _highs.new_model(
        primal_feasibility_tolerance=1e-10,
        dual_feasibility_tolerance=1e-10,
        threads=1,
    )
    # columns: x_0 … x_{T-1}, then z; rows: panel size, quotas, then one level row per type
    _highs.add_columns(h, np.zeros(t_count), sizes)
    _highs.add_columns(h, np.array([-_highs.INF]), np.array([_highs.INF]), np.ones(1))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    k = float(problem.panel_size)
    _highs.add_row(h, k, k, np.arange(t_count), np.ones(t_count))
    for types, lo, hi in zip(problem.quota_types, problem.lower, problem.upper, strict=True):
        _highs.add_row(h, float(lo), float(hi), types, np.ones(len(types)))
    first_level_row = h.getNumRow()
    for t in range(t_count):
        # x_t / m_t - z >= 0
        _highs.add_row(h, 0.0, _highs.INF, np.array([t, t_count]), np.array([1 / sizes[t], -1.0]))

    fixed = np.zeros(t_count, dtype=bool)
    counts = np.zeros(t_count)
    stages = 0
    while not fixed.all():
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        stages += 1
        solution = h.getSolution()
        values = np.array(solution.col_value)
        counts = np.clip(values[:t_count], 0.0, sizes)
        z = float(values[t_count])
        # In a maximisation HiGHS reports the duals of binding >= rows as non-positive.
        duals = -np.array(solution.row_dual)[first_level_row:]
        free = np.flatnonzero(~fixed)
        to_fix = free[duals[free] > FIXING_THRESHOLD]
        if len(to_fix) == 0:
            to_fix = free[[int(np.argmax(duals[free]))]]
        for t in to_fix:
            row = first_level_row + int(t)
            h.changeCoeff(row, t_count, 0.0)
            h.changeRowBounds(row, z - FIXING_SLACK, _highs.INF)
        fixed[to_fix] = True
    return RelaxedLeximin(counts=counts, levels=counts / sizes, stages=stages)
