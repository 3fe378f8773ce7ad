"""Detecting and explaining infeasible quotas before solving.

:func:`check` first looks for conflicts visible in one quota or one category (min above
max, min above the number of respondents with that value, mins adding up to more than
the panel size, maxes — capped by availability — adding up to less). Then a MIP decides
whether some panel meets all quotas at once; if none does, a second MIP finds the
smallest total change to min and max values (lowering mins, raising maxes) after which
a panel exists. The result is structured for a user interface and has an English text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from klimapakete.sortition import _highs
from klimapakete.sortition.grouping import TypeProblem, group_types
from klimapakete.sortition.model import Instance
from klimapakete.sortition.pricing import PanelPricer


@dataclass(frozen=True)
class QuotaConflict:
    """One reason the quotas cannot be met.

    ``kind`` is one of ``"min_above_max"``, ``"min_above_available"`` (feature given),
    ``"mins_above_panel_size"``, ``"maxes_below_panel_size"`` (category only) or
    ``"joint"`` (quotas of several categories together; ``category``/``feature`` empty)
    or ``"pool_too_small"`` (replacements: fewer people left than seats).
    ``value`` and ``limit`` are the two numbers in conflict (e.g. min and available).
    """

    kind: str
    category: str
    feature: str
    value: int
    limit: int
    message: str


@dataclass(frozen=True)
class QuotaChange:
    """A suggested new min/max for one quota."""

    category: str
    feature: str
    old_min: int
    old_max: int
    new_min: int
    new_max: int

    @property
    def message(self) -> str:
        parts = []
        if self.new_min != self.old_min:
            parts.append(f"min {self.old_min} → {self.new_min}")
        if self.new_max != self.old_max:
            parts.append(f"max {self.old_max} → {self.new_max}")
        return f"{self.category} = {self.feature}: {', '.join(parts)}"


@dataclass
class FeasibilityReport:
    """Whether a quota-satisfying panel exists, and if not, why and how to fix it."""

    feasible: bool
    conflicts: list[QuotaConflict] = field(default_factory=list)
    changes: list[QuotaChange] = field(default_factory=list)

    @property
    def message(self) -> str:
        """An English explanation (empty when feasible)."""
        if self.feasible:
            return ""
        lines = ["The quotas cannot be met:"]
        lines += [f"  - {c.message}" for c in self.conflicts]
        if self.changes:
            lines.append("Smallest change that makes a panel possible:")
            lines += [f"  - {c.message}" for c in self.changes]
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """A JSON-ready form of the report."""
        return {
            "feasible": self.feasible,
            "message": self.message,
            "conflicts": [c.__dict__ for c in self.conflicts],
            "changes": [{**c.__dict__, "message": c.message} for c in self.changes],
        }


def _simple_conflicts(instance: Instance) -> list[QuotaConflict]:
    k = instance.panel_size
    available: dict[tuple[str, str], int] = {}
    for r in instance.respondents:
        for c in instance.categories:
            key = (c, r.features[c])
            available[key] = available.get(key, 0) + 1
    conflicts = []
    for q in instance.quotas:
        have = available.get((q.category, q.feature), 0)
        if q.min > q.max:
            conflicts.append(
                QuotaConflict(
                    "min_above_max",
                    q.category,
                    q.feature,
                    q.min,
                    q.max,
                    f"{q.category} = {q.feature}: min {q.min} is above max {q.max}.",
                )
            )
        if q.min > have:
            conflicts.append(
                QuotaConflict(
                    "min_above_available",
                    q.category,
                    q.feature,
                    q.min,
                    have,
                    f"{q.category} = {q.feature}: min {q.min} but only {have} "
                    "respondent(s) have this value.",
                )
            )
    for c in instance.categories:
        quotas = [q for q in instance.quotas if q.category == c]
        total_min = sum(q.min for q in quotas)
        total_max = sum(min(q.max, available.get((c, q.feature), 0)) for q in quotas)
        if total_min > k:
            conflicts.append(
                QuotaConflict(
                    "mins_above_panel_size",
                    c,
                    "",
                    total_min,
                    k,
                    f"{c}: the mins add up to {total_min}, more than the panel size {k}.",
                )
            )
        if total_max < k:
            conflicts.append(
                QuotaConflict(
                    "maxes_below_panel_size",
                    c,
                    "",
                    total_max,
                    k,
                    f"{c}: at most {total_max} panel members are possible (maxes, limited "
                    f"by available respondents), fewer than the panel size {k}.",
                )
            )
    return conflicts


def _minimal_changes(instance: Instance, problem: TypeProblem) -> list[QuotaChange] | None:
    """Lowest total relaxation of mins and maxes after which a panel exists."""
    t_count = problem.count
    q_count = len(instance.quotas)
    h = _highs.new_model(mip_rel_gap=0.0, threads=1, time_limit=30.0)
    # columns: x_t (counts), then lowering of each min, then raising of each max
    lower = np.zeros(t_count + 2 * q_count)
    upper = np.concatenate(
        [
            problem.sizes.astype(np.float64),
            problem.lower.astype(np.float64),
            np.full(q_count, float(instance.panel_size)),
        ]
    )
    cost = np.concatenate([np.zeros(t_count), np.ones(2 * q_count)])
    _highs.add_columns(h, lower, upper, cost)
    _highs.add_row(h, problem.panel_size, problem.panel_size, np.arange(t_count), np.ones(t_count))
    for q, types in enumerate(problem.quota_types):
        ones = np.ones(len(types))
        # count + lowering >= min ; count - raising <= max
        _highs.add_row(
            h, problem.lower[q], _highs.INF, np.append(types, t_count + q), np.append(ones, 1.0)
        )
        _highs.add_row(
            h,
            -_highs.INF,
            problem.upper[q],
            np.append(types, t_count + q_count + q),
            np.append(ones, -1.0),
        )
    _highs.set_integer(h, np.arange(t_count + 2 * q_count))
    h.run()
    if h.getInfo().primal_solution_status != 2:
        return None
    values = np.rint(np.array(h.getSolution().col_value)).astype(np.int64)
    changes = []
    for q, quota in enumerate(instance.quotas):
        down = int(values[t_count + q])
        up = int(values[t_count + q_count + q])
        if down or up:
            changes.append(
                QuotaChange(
                    quota.category,
                    quota.feature,
                    quota.min,
                    quota.max,
                    quota.min - down,
                    quota.max + up,
                )
            )
    return changes


def panel_exists(problem: TypeProblem) -> bool:
    """True when at least one panel meets all quotas (a MIP feasibility check)."""

    counts, *_ = PanelPricer(problem).solve(np.zeros(problem.count), time_limit=60.0)
    return counts is not None


def check(instance: Instance) -> FeasibilityReport:
    """Decide whether the quotas of a valid ``instance`` can be met, and explain if not."""
    problem = group_types(instance)
    conflicts = _simple_conflicts(instance)
    if not conflicts and panel_exists(problem):
        return FeasibilityReport(feasible=True)
    changes = _minimal_changes(instance, problem) or []
    if not conflicts:
        touched = ", ".join(f"{c.category} = {c.feature}" for c in changes)
        conflicts.append(
            QuotaConflict(
                "joint",
                "",
                "",
                0,
                0,
                "Each category on its own can be met, but not all together"
                + (f"; the quotas in conflict include {touched}." if touched else "."),
            )
        )
    return FeasibilityReport(feasible=False, conflicts=conflicts, changes=changes)
