"""A computation's heartbeat from a thread of its own.

The solver writes progress (and so the heartbeat) between its steps; expanding the
lottery, checking it and saving it are long steps without. A run silent for
SELECTION_RUN_STALE_SECONDS counts as lost, so while a task computes, a thread beats
four times per that period, whatever the computation is doing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from klimapakete.selection.models import Run

logger = logging.getLogger(__name__)


def _beat(run_id: int) -> None:
    Run.objects.filter(pk=run_id, status=Run.Status.RUNNING).update(heartbeat_at=timezone.now())


@contextmanager
def beating(run_id: int) -> Iterator[None]:
    interval = max(0.2, settings.SELECTION_RUN_STALE_SECONDS / 4)
    stop = threading.Event()

    def loop() -> None:
        try:
            while not stop.wait(interval):
                try:
                    _beat(run_id)
                except DatabaseError:  # a busy database: the next beat tries again
                    logger.warning("heartbeat of run %s not written", run_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=loop, name=f"run-{run_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
