from django.db import models


class WorkerHeartbeat(models.Model):
    """A running task worker says it is alive (``manage.py db_worker`` writes this row)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.IntegerField(null=True)
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"


class OutsiderMail(models.Model):
    """Mails a team member had sent to people outside the app, for the daily caps."""

    team_id = models.BigIntegerField(null=True, db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    recipients = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class MailOptOut(models.Model):
    """An address outside the app asked for no more mail from a team (unsubscribe link)."""

    team_id = models.BigIntegerField(db_index=True)
    email = models.CharField(max_length=254)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team_id", "email"], name="core_mail_opt_out_once")
        ]


class ScheduledJob(models.Model):
    """When a job of ``core.schedule.JOBS`` last ran (claimed by one worker per due time)."""

    name = models.CharField(max_length=100, unique=True)
    last_run = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} ({self.last_run:%Y-%m-%d %H:%M})"
