"""The jobs that run on a schedule, run by the task worker itself (no cron needed).

Every task worker (``manage.py db_worker``, also started by ``make run``) checks once a
minute, in a thread of its own, which job's time has come (in ``TIME_ZONE``) and runs it.
Several workers may run: a job is claimed with one conditional UPDATE of its
``ScheduledJob`` row, so exactly one worker runs it per due time. A due time that passed
while no worker ran (a laptop that was off at 03:30) is caught up once, when a worker is
back; missed repetitions are not run twice. The jobs only queue mails or delete data, so
they are short; their mails go out through the worker's task queue.

``WORKER_SCHEDULE=0`` turns this off (when cron runs the same commands instead).
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.core.management import call_command
from django.db import close_old_connections, connection
from django.utils import timezone

logger = logging.getLogger("klimapakete.worker")


@dataclass(frozen=True)
class Job:
    """A management command run every hour (at ``minute``), every day (at ``at``) or
    every week (on ``weekday``, 0 = Monday, at ``at``)."""

    command: str
    at: time = time(0, 0)
    minute: int | None = None  # hourly at this minute
    weekday: int | None = None  # weekly on this day
    args: tuple[str, ...] = ()

    def last_due(self, now: datetime) -> datetime:
        """The latest moment at or before ``now`` when the job was due (local time)."""
        local = timezone.localtime(now)
        if self.minute is not None:
            due = local.replace(minute=self.minute, second=0, microsecond=0)
            return due if due <= local else due - timedelta(hours=1)
        due = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
        if self.weekday is not None:
            due -= timedelta(days=(local.weekday() - self.weekday) % 7)
            return due if due <= local else due - timedelta(days=7)
        return due if due <= local else due - timedelta(days=1)


JOBS: tuple[Job, ...] = (
    # respondents' personal data whose retention period is over (selection)
    Job("purge_selection_data", at=time(3, 30)),
    # finished task records older than two weeks
    Job("prune_db_task_results", at=time(4, 0)),
    # partner workshops starting within a day (support)
    Job("send_workshop_reminders", minute=5),
    # forum notifications for those who chose a daily digest
    Job("send_notification_digest", at=time(18, 0)),
    # due next steps and contacts going cold (actor map), Monday morning
    Job("send_actor_digest", at=time(7, 0), weekday=0),
)


def due_jobs_run(now: datetime | None = None, jobs: tuple[Job, ...] = JOBS) -> list[str]:
    """Runs every job whose due time passed since it last ran and that no other worker
    claimed first; returns the commands run. A job seen for the first time starts its
    schedule now (a fresh installation does not send a week's digest at once)."""
    from klimapakete.core.models import ScheduledJob

    now = now or timezone.now()
    ran = []
    for job in jobs:
        due = job.last_due(now)
        row, created = ScheduledJob.objects.get_or_create(
            name=job.command, defaults={"last_run": now}
        )
        if created:
            continue
        if not ScheduledJob.objects.filter(pk=row.pk, last_run__lt=due).update(last_run=now):
            continue  # not due, or another worker claimed it
        try:
            call_command(job.command, *job.args, stdout=io.StringIO(), stderr=io.StringIO())
        except Exception:  # one failing job must not stop the others or the worker
            logger.exception("scheduled job failed", extra={"job": job.command})
            continue
        logger.info("scheduled job ran", extra={"job": job.command})
        ran.append(job.command)
    return ran


class Scheduler(threading.Thread):
    """Runs ``due_jobs_run`` once a minute in its own database connection."""

    def __init__(self):
        super().__init__(name="worker-schedule", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                close_old_connections()
                try:
                    due_jobs_run()
                except Exception:
                    logger.exception("schedule check failed")
                self.stopped.wait(60)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=30)
