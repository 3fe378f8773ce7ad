"""Task workers publish a heartbeat; pages and the health check ask whether one is alive.

``manage.py db_worker`` (klimapakete.core's version of django-tasks-db's command) writes a
heartbeat row from a thread of its own, so the heartbeat goes on while a long task runs
or finalises. A task left RUNNING by a worker whose heartbeat stopped (killed, machine
lost) is failed with ``WorkerLost`` at the next worker start and while workers run, so no
task stays "running" forever and none is run twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger("klimapakete.worker")


class WorkerLost(Exception):
    """The worker running this task stopped sending its heartbeat."""


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)


def beat(worker_id: str) -> None:
    from klimapakete.core.models import WorkerHeartbeat

    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=timezone.now())
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id[:64],
            hostname=socket.gethostname()[:255],
            pid=os.getpid(),
            seen_at=timezone.now(),
        )


def worker_gone(worker_id: str) -> None:
    from klimapakete.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers():
    from klimapakete.core.models import WorkerHeartbeat

    return WorkerHeartbeat.objects.filter(seen_at__gte=_stale_before())


def worker_alive() -> bool:
    return live_workers().exists()


def last_heartbeat():
    from klimapakete.core.models import WorkerHeartbeat

    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
    return latest.first()


def oldest_waiting_task_age() -> float | None:
    """Seconds the oldest task ready to run has waited (None when the queue is empty)."""
    from django_tasks_db.models import DBTaskResult

    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)
        .first()
    )
    return (timezone.now() - oldest).total_seconds() if oldest else None


def waiting_without_worker(since) -> bool:
    """True when work queued at ``since`` has waited too long and no worker is alive."""
    if since is None:
        return False
    waited = (timezone.now() - since).total_seconds()
    return waited >= settings.TASK_WAIT_NOTICE_SECONDS and not worker_alive()


def orphans_fail() -> int:
    """Fail tasks left RUNNING by workers without a fresh heartbeat; returns how many."""
    from django_tasks_db.models import DBTaskResult

    alive = set(live_workers().values_list("worker_id", flat=True))
    failed = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=_stale_before())
    for result in running:
        owner = result.worker_ids[-1] if result.worker_ids else None
        if owner in alive:
            continue
        claimed = DBTaskResult.objects.filter(pk=result.pk, status="RUNNING")
        if claimed.update(
            status="FAILED",
            finished_at=timezone.now(),
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback="WorkerLost: the worker running this task stopped sending its heartbeat.",
        ):
            failed += 1
            logger.warning(
                "task failed: worker lost",
                extra={"task_id": str(result.pk), "task": result.task_path, "worker": owner},
            )
    return failed


class Heartbeat(threading.Thread):
    """Beats every WORKER_HEARTBEAT_SECONDS in its own database connection."""

    def __init__(self, worker_id: str):
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        rounds = 0
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    beat(self.worker_id)
                    if rounds % 6 == 0:
                        orphans_fail()
                except Exception:  # a missed beat must not stop the next one
                    logger.exception("worker heartbeat failed")
                rounds += 1
                self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)
