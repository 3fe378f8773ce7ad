"""In-app notifications and each person's choice of e-mail delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Notification(models.Model):
    """Something happened that the recipient should know about.

    ``kind`` names a registered :class:`~klimapakete.notifications.kinds.Kind`; ``params``
    hold the text parameters of its sentence (no prose); ``url`` is the site-relative page
    the notification leads to. The actor is shown by name (and team, when they chose to
    show it) or as "former member" after their account was deleted.
    """

    class Mail(models.TextChoices):
        NONE = "none", _("no e-mail")
        PENDING = "pending", _("waiting for the digest")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Cross-team content naming a team: the link goes with the team, the notification stays.
    actor_team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=Mail.choices, default=Mail.NONE)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(fields=["mail", "recipient"], name="notification_mail"),
        ]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class MailPreference(models.Model):
    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("immediately")
        DAILY = "daily", _("once a day (digest)")
        NEVER = "never", pgettext_lazy("e-mail frequency", "never")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference"
    )
    frequency = models.CharField(
        _("e-mail notifications"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.IMMEDIATELY,
    )
    updated_at = models.DateTimeField(auto_now=True)
