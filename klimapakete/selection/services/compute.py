"""The worker side of a computation: run LEXIMIN with progress, heartbeat and cancel.

Imported by ``tasks.compute_run``; ``runs.run_start`` queues the task (no import back)."""

from __future__ import annotations

import time

from django.conf import settings
from django.utils import timezone

from klimapakete.selection import selectors
from klimapakete.selection.models import (
    Run,
)
from klimapakete.sortition import checker
from klimapakete.sortition.leximin import leximin

PROGRESS_INTERVAL = 0.5  # seconds between progress writes


def run_execute(*, run_id: int) -> None:
    """Compute the lottery of a queued run, writing progress; honours cancellation."""
    updated = Run.objects.filter(pk=run_id, status=Run.Status.QUEUED).update(
        status=Run.Status.RUNNING, heartbeat_at=timezone.now()
    )
    if not updated:
        return
    run = Run.objects.get(pk=run_id)
    instance = selectors.instance_from_json(run.instance)
    last_write = [0.0]

    def progress(iteration: int, stage: int, minimum: float) -> bool:
        now = time.monotonic()
        if now - last_write[0] < PROGRESS_INTERVAL and iteration > 1:
            return True
        last_write[0] = now
        Run.objects.filter(pk=run_id).update(
            iterations=iteration,
            stage=stage,
            current_minimum=float(minimum),
            heartbeat_at=timezone.now(),
        )
        return not Run.objects.filter(pk=run_id, cancel_requested=True).exists()

    if Run.objects.filter(pk=run_id, cancel_requested=True).exists():
        _run_finish(run_id, status=Run.Status.CANCELLED)
        return
    try:
        result = leximin(
            instance,
            time_limit=settings.SELECTION_TIME_LIMIT,
            progress=progress,
        )
    except Exception as exc:  # the solver failing must not leave the run "running"
        _run_finish(run_id, status=Run.Status.FAILED, error=repr(exc)[:2000])
        raise
    if result.status == "cancelled":
        _run_finish(run_id, status=Run.Status.CANCELLED, iterations=result.iterations)
        return
    # Finalising takes a while on large pools: the run must not look lost meanwhile.
    _heartbeat(run_id)
    problems = checker.check(instance, result.distribution, result.probabilities)
    if problems:
        _run_finish(run_id, status=Run.Status.FAILED, error="; ".join(problems[:5]))
        return
    dist = result.distribution
    _run_finish(
        run_id,
        status=Run.Status.DONE,
        result_status=result.status,
        method=result.method,
        distribution=[
            [p, list(panel)] for panel, p in zip(dist.panels, dist.probabilities, strict=True)
        ],
        probabilities=result.probabilities,
        min_probability=result.min_probability,
        current_minimum=result.min_probability,
        iterations=result.iterations,
        seconds=result.seconds,
    )


def _run_finish(run_id: int, **fields) -> None:
    # Only a run that is still running: one given up as stale stays cancelled.
    Run.objects.filter(pk=run_id, status=Run.Status.RUNNING).update(
        finished_at=timezone.now(), **fields
    )


def _heartbeat(run_id: int) -> None:
    Run.objects.filter(pk=run_id, status=Run.Status.RUNNING).update(heartbeat_at=timezone.now())
