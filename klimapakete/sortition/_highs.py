"""Small helpers around ``highspy`` shared by the solver modules."""

from __future__ import annotations

import os
import sys

import highspy
import numpy as np

INF = highspy.kHighsInf


_banner_shown = False


def _construct() -> highspy.Highs:
    # HiGHS writes a banner to the C-level stdout the first time an instance is built;
    # keep stdout clean for command-line use.
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()
    _banner_shown = True
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_model(**options: object) -> highspy.Highs:
    """A silent HiGHS instance with ``options`` set."""
    h = _construct()
    h.setOptionValue("output_flag", False)
    for name, value in options.items():
        h.setOptionValue(name, value)
    return h


def add_columns(
    h: highspy.Highs, lower: np.ndarray, upper: np.ndarray, cost: np.ndarray | None = None
) -> None:
    """Append columns without matrix entries."""
    num = len(lower)
    if cost is None:
        cost = np.zeros(num)
    h.addCols(
        num,
        np.asarray(cost, dtype=np.float64),
        np.asarray(lower, dtype=np.float64),
        np.asarray(upper, dtype=np.float64),
        0,
        np.array([], dtype=np.int32),
        np.array([], dtype=np.int32),
        np.array([], dtype=np.float64),
    )


def add_row(
    h: highspy.Highs, lower: float, upper: float, indices: np.ndarray, values: np.ndarray
) -> None:
    """Append one row ``lower <= values . x[indices] <= upper``."""
    h.addRow(
        float(lower),
        float(upper),
        len(indices),
        np.asarray(indices, dtype=np.int32),
        np.asarray(values, dtype=np.float64),
    )


def set_integer(h: highspy.Highs, columns: np.ndarray) -> None:
    """Mark ``columns`` as integer variables."""
    columns = np.asarray(columns, dtype=np.int32)
    h.changeColsIntegrality(
        len(columns),
        columns,
        np.array([highspy.HighsVarType.kInteger] * len(columns)),
    )


def status(h: highspy.Highs) -> highspy.HighsModelStatus:
    return h.getModelStatus()
