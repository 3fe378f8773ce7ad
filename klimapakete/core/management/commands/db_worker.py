"""``manage.py db_worker`` with a heartbeat, recovery of tasks lost with their worker and
the scheduled jobs (``core/schedule.py``: purges, digests, reminders; no cron needed).

Replaces django-tasks-db's command of the same name (klimapakete.core comes first in
INSTALLED_APPS); options and behaviour are otherwise the same.
"""

from __future__ import annotations

from django.conf import settings
from django_tasks_db.management.commands import db_worker as upstream

from klimapakete.core import schedule, workers


class Worker(upstream.Worker):
    def run(self) -> None:
        workers.beat(self.worker_id)
        lost = workers.orphans_fail()
        if lost:
            upstream.logger.warning("Failed %d task(s) whose worker was lost.", lost)
        heartbeat = workers.Heartbeat(self.worker_id)
        heartbeat.start()
        # A batch run empties the queue and exits; the schedule belongs to the long-running
        # worker (a batch run beside it would only race it for the same due times).
        scheduler = schedule.Scheduler() if settings.WORKER_SCHEDULE and not self.batch else None
        if scheduler:
            scheduler.start()
        try:
            super().run()
        finally:
            if scheduler:
                scheduler.stop()
            heartbeat.stop()
            workers.worker_gone(self.worker_id)


class Command(upstream.Command):
    help = "Run the task worker (mail, computations, documents) with a heartbeat."

    def handle(self, *args, **options):
        original = upstream.Worker
        upstream.Worker = Worker
        try:
            return super().handle(*args, **options)
        finally:
            upstream.Worker = original
