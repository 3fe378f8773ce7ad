"""Turning a lottery over type-panels into a lottery over individual panels.

A type-panel says *how many* members of each type sit on the panel. For type ``t`` with
``m`` members (in input order) and count ``c`` (``0 < c < m``), let ``g = gcd(m, c)`` and
``L = m / g``: the ``L`` cyclic windows of length ``c`` starting at ``j * c mod m``
(``j = 0 … L-1``) cover every member exactly ``c / g`` times, so choosing one uniformly
gives every member probability ``c / m``. The types are coupled by one uniform number
``u`` in ``[0, 1)``: type ``t`` takes window ``floor(u * L_t)``. Merging the breakpoints
``j / L_t`` of all types cuts ``[0, 1)`` into intervals, each one individual panel with
probability (weight of the type-panel) × (interval length).
"""

from __future__ import annotations

from fractions import Fraction
from math import floor, gcd

import numpy as np

from klimapakete.sortition.grouping import TypeProblem
from klimapakete.sortition.model import Distribution


def expand_type_panel(problem: TypeProblem, counts: np.ndarray) -> list[tuple[list[int], float]]:
    """Individual panels (respondent indices) and their shares for one type-panel."""
    windows: list[tuple[int, int, int]] = []  # (type, count, number of windows)
    fixed: list[int] = []
    breakpoints = {Fraction(0), Fraction(1)}
    for t in np.flatnonzero(counts):
        c, m = int(counts[t]), int(problem.sizes[t])
        if c == m:
            fixed.extend(problem.members[t])
            continue
        windows_count = m // gcd(m, c)
        windows.append((int(t), c, windows_count))
        breakpoints.update(Fraction(j, windows_count) for j in range(1, windows_count))
    points = sorted(breakpoints)
    result = []
    for a, b in zip(points, points[1:], strict=False):
        middle = (a + b) / 2
        chosen = list(fixed)
        for t, c, windows_count in windows:
            members = problem.members[t]
            m = len(members)
            start = (floor(middle * windows_count) * c) % m
            chosen.extend(members[(start + i) % m] for i in range(c))
        result.append((sorted(chosen), float(b - a)))
    return result


def expand(
    problem: TypeProblem, panels: list[np.ndarray], weights: np.ndarray, ids: list[str]
) -> Distribution:
    """The individual-panel lottery for a type-panel lottery (marginals equal per type)."""
    out_panels: list[tuple[str, ...]] = []
    out_probabilities: list[float] = []
    for counts, weight in zip(panels, weights, strict=True):
        for members, share in expand_type_panel(problem, counts):
            out_panels.append(tuple(ids[i] for i in members))
            out_probabilities.append(float(weight) * share)
    return Distribution(out_panels, out_probabilities)
