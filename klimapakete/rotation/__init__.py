"""Breakout rotation: who sits at which table in each round of a workshop.

A pure Python package (no Django): the inputs and outputs are the
dataclasses in :mod:`klimapakete.rotation.model`; :func:`solve` builds a
plan, :func:`replan` re-plans the open rounds after cancellations or late
arrivals, :func:`compute_metrics` scores any plan.
"""

from klimapakete.rotation.advice import Advice, advise
from klimapakete.rotation.metrics import Metrics, compute_metrics, round_bound
from klimapakete.rotation.model import (
    Bounds,
    GroupOption,
    Participant,
    Plan,
    RotationError,
    RotationProblem,
    RotationResult,
)
from klimapakete.rotation.replan import replan
from klimapakete.rotation.solve import solve

__all__ = [
    "Advice",
    "Bounds",
    "GroupOption",
    "Metrics",
    "Participant",
    "Plan",
    "RotationError",
    "RotationProblem",
    "RotationResult",
    "advise",
    "compute_metrics",
    "replan",
    "round_bound",
    "solve",
]
