"""LEXIMIN computations: start, cancel, give up runs whose worker was lost."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klimapakete.selection import selectors, tasks
from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import (
    Run,
    Selection,
)
from klimapakete.selection.states import Action, ensure_allowed


@transaction.atomic
def run_start(*, selection: Selection) -> Run:
    """Check the input and queue a LEXIMIN computation (runs after commit)."""
    ensure_allowed(selection, Action.COMPUTE)
    runs_fail_lost(selection=selection)
    if selection.runs.filter(status__in=[Run.Status.QUEUED, Run.Status.RUNNING]).exists():
        raise SelectionError("run_active")
    instance = selectors.pool_instance(selection=selection)
    problems = selectors.instance_problems(instance)
    if problems:
        raise SelectionError(problems[0][0], problems=problems)
    if not selectors.feasibility_check(instance).feasible:
        raise SelectionError("infeasible")
    run = Run.objects.create(selection=selection, instance=selectors.instance_to_json(instance))
    transaction.on_commit(lambda: tasks.compute_run.enqueue(run_id=run.pk))
    return run


# A running computation writes progress at least every few seconds; one silent for longer
# (SELECTION_RUN_STALE_SECONDS) has lost its worker and would otherwise block every new
# computation.
def _silent_since() -> datetime:
    return timezone.now() - timedelta(seconds=settings.SELECTION_RUN_STALE_SECONDS)


def _lost(queryset):
    silent_since = _silent_since()
    return queryset.filter(status=Run.Status.RUNNING).filter(
        Q(heartbeat_at__lt=silent_since) | Q(heartbeat_at=None, created_at__lt=silent_since)
    )


def runs_fail_lost(*, selection: Selection | None = None) -> int:
    """Mark running computations whose worker went silent as failed ("worker lost"); a
    result that arrives later is ignored (``_run_finish`` only touches running runs)."""
    runs = Run.objects.all() if selection is None else selection.runs.all()
    return _lost(runs).update(
        status=Run.Status.FAILED, error=Run.WORKER_LOST, finished_at=timezone.now()
    )


def run_cancel(*, run: Run) -> None:
    Run.objects.filter(pk=run.pk).update(cancel_requested=True)
    # A run still waiting in the queue is cancelled at once.
    Run.objects.filter(pk=run.pk, status=Run.Status.QUEUED).update(
        status=Run.Status.CANCELLED, finished_at=timezone.now()
    )
    # So is a running one whose worker has gone away.
    _lost(Run.objects.filter(pk=run.pk)).update(
        status=Run.Status.CANCELLED, finished_at=timezone.now()
    )
