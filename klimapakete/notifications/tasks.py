"""Background work: one mail per immediate notification, one digest per person and day.

Tasks take ids, re-read everything and render in the recipient's language. A notification
that was read in the app before its mail went out is not mailed any more.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from klimapakete.core.mail import send_email
from klimapakete.notifications import emails
from klimapakete.notifications.models import Notification


@task()
def send_notification_mail(*, notification_id: int) -> int:
    notification = (
        Notification.objects.select_related("recipient", "actor", "actor_team")
        .filter(pk=notification_id, mail=Notification.Mail.SENT, read_at__isnull=True)
        .first()
    )
    if notification is None or not notification.recipient.is_active:
        return 0
    user = notification.recipient
    with translation.override(user.language or settings.LANGUAGE_CODE):
        mail = emails.single_mail(user, notification)
    return send_email.call(to=[user.email], **mail)


@task()
def send_notification_digest(*, user_id: int) -> int:
    """Send the person's waiting notifications as one mail; each is claimed exactly once."""
    pending = Notification.objects.filter(recipient_id=user_id, mail=Notification.Mail.PENDING)
    ids = list(pending.values_list("pk", flat=True)[:200])
    now = timezone.now()
    # Read in the meantime: nothing to tell any more.
    Notification.objects.filter(pk__in=ids, read_at__isnull=False).update(
        mail=Notification.Mail.SKIPPED
    )
    # The claim: only rows this run switched carry its timestamp.
    Notification.objects.filter(
        pk__in=ids, mail=Notification.Mail.PENDING, read_at__isnull=True
    ).update(mail=Notification.Mail.SENT, mailed_at=now)
    notifications = list(
        Notification.objects.filter(pk__in=ids, mail=Notification.Mail.SENT, mailed_at=now)
        .select_related("recipient", "actor", "actor_team")
        .order_by("created_at")
    )
    if not notifications:
        return 0
    user = notifications[0].recipient
    if not user.is_active:
        return 0
    with translation.override(user.language or settings.LANGUAGE_CODE):
        mail = emails.digest_mail(user, notifications)
    return send_email.call(to=[user.email], **mail)
