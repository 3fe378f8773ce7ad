"""Reads of notifications; each runs a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from klimapakete.notifications import kinds
from klimapakete.notifications.models import MailPreference, Notification


def actor_display(notification: Notification) -> str:
    if notification.actor_id is None:
        return _("Former member")
    if notification.actor_team_id is not None:
        return f"{notification.actor.name} ({notification.actor_team.name})"
    return notification.actor.name


def sentence(notification: Notification) -> str:
    return kinds.render(
        kind=notification.kind, params=notification.params, actor=actor_display(notification)
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def user_notifications(user):
    return Notification.objects.filter(recipient=user).select_related("actor", "actor_team")


def frequency(user) -> str:
    preference = MailPreference.objects.filter(user=user).first()
    return preference.frequency if preference else MailPreference.Frequency.IMMEDIATELY


def mails_sent_today(user) -> int:
    """Immediate mails within the last 24 hours (what the daily limit counts)."""
    since = timezone.now() - timedelta(days=1)
    return Notification.objects.filter(
        recipient=user, mail=Notification.Mail.SENT, mailed_at__gte=since
    ).count()


def personal_export(user) -> dict[str, list[dict]]:
    rows = [
        {
            "created_at": n.created_at,
            "text": sentence(n),
            "url": n.url,
            "read_at": n.read_at,
            "mail": n.mail,
        }
        for n in user_notifications(user).order_by("created_at")
    ]
    return {
        "notifications": rows,
        "notification_settings": [{"email_frequency": frequency(user)}],
    }
