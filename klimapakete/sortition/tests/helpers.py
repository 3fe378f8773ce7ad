"""Brute-force references and instance builders for the sortition tests."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import highspy
import numpy as np

from klimapakete.sortition._highs import INF, add_columns, add_row, new_model
from klimapakete.sortition.model import Instance, Quota, Respondent


def make_instance(
    rows: list[tuple[str, ...]], quotas: dict[tuple[str, str], tuple[int, int]], k: int
) -> Instance:
    """Instance with categories ``c0, c1, …``; ``rows`` are feature tuples."""
    categories = [f"c{j}" for j in range(len(rows[0]))]
    respondents = [
        Respondent(str(i + 1), dict(zip(categories, row, strict=True)))
        for i, row in enumerate(rows)
    ]
    quota_list = [Quota(c, f, lo, hi) for (c, f), (lo, hi) in quotas.items()]
    return Instance(categories, quota_list, respondents, k)


def all_panels(instance: Instance) -> list[tuple[int, ...]]:
    """Every quota-satisfying panel, as tuples of respondent indices."""
    result = []
    for panel in combinations(range(instance.n), instance.panel_size):
        counts = Counter(
            (c, instance.respondents[i].features[c]) for i in panel for c in instance.categories
        )
        if all(q.min <= counts.get((q.category, q.feature), 0) <= q.max for q in instance.quotas):
            result.append(panel)
    return result


def _max_lp(panels, n, objective, lower):
    """max objective . pi over lotteries of ``panels`` with pi >= lower; returns value."""
    h = new_model()
    m = len(panels)
    add_columns(h, np.zeros(m), np.ones(m))
    add_row(h, 1.0, 1.0, np.arange(m), np.ones(m))
    members = [[j for j, p in enumerate(panels) if i in p] for i in range(n)]
    for i in range(n):
        if lower[i] > 0:
            add_row(h, lower[i], INF, np.array(members[i]), np.ones(len(members[i])))
    cost = np.array([sum(objective[i] for i in p) for p in panels], dtype=float)
    h.changeColsCost(m, np.arange(m, dtype=np.int32), cost)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    return h.getInfo().objective_function_value


def _max_min_lp(panels, n, free, lower):
    """max z s.t. pi_i >= z for free i, pi_i >= lower_i for the others."""
    h = new_model()
    m = len(panels)
    add_columns(h, np.append(np.zeros(m), -INF), np.append(np.ones(m), INF))
    h.changeColCost(m, 1.0)
    add_row(h, 1.0, 1.0, np.arange(m), np.ones(m))
    for i in range(n):
        idx = [j for j, p in enumerate(panels) if i in p]
        if i in free:
            add_row(h, 0.0, INF, np.array([*idx, m]), np.array([1.0] * len(idx) + [-1.0]))
        elif lower[i] > 0:
            add_row(h, lower[i], INF, np.array(idx), np.ones(len(idx)))
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    return h.getInfo().objective_function_value


def brute_force_leximin(instance: Instance) -> list[float]:
    """Sorted LEXIMIN probabilities by enumerating every panel.

    Independent of the solver: after maximising the lowest free level ``z``, each free
    person is tested on its own (can they get more than ``z`` while the others keep
    at least ``z``?) and those who cannot are fixed at ``z``.
    """
    panels = all_panels(instance)
    n = instance.n
    free = set(range(n))
    lower = np.zeros(n)
    while free:
        z = _max_min_lp(panels, n, free, lower)
        trial = lower.copy()
        for i in free:
            trial[i] = z - 1e-9
        stuck = []
        for i in free:
            objective = np.zeros(n)
            objective[i] = 1.0
            if _max_lp(panels, n, objective, trial) <= z + 1e-7:
                stuck.append(i)
        if not stuck:  # numerical safety: fix the lowest
            stuck = list(free)
        for i in stuck:
            lower[i] = z - 1e-9
            free.discard(i)
    return sorted(float(v) for v in lower + 1e-9)
