"""Creating notifications and the person's mail settings.

``notification_create`` is what other apps call (the forum, later the support
organisation's requests and workshops). It never sends mail itself: an immediate mail is
queued for the task worker on commit, a digest entry waits for ``send_notification_digest``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from klimapakete.notifications import kinds, selectors
from klimapakete.notifications.models import MailPreference, Notification
from klimapakete.notifications.tasks import send_notification_digest, send_notification_mail


def _may_receive(user) -> bool:
    return user is not None and user.is_active


def _mail_state(*, recipient, kind: kinds.Kind, frequency: str) -> str:
    if kind.mail == kinds.NONE or frequency == MailPreference.Frequency.NEVER:
        return Notification.Mail.NONE
    if kind.mail == kinds.PREFERENCE and frequency == MailPreference.Frequency.DAILY:
        return Notification.Mail.PENDING
    if selectors.mails_sent_today(recipient) >= settings.NOTIFICATION_MAILS_PER_DAY:
        return Notification.Mail.PENDING
    return Notification.Mail.SENT


def notification_create(
    *,
    recipient,
    kind: str,
    url: str,
    params: dict | None = None,
    actor=None,
    actor_team=None,
) -> Notification | None:
    """Notify ``recipient``; nobody is notified of their own doing. Mail follows the kind
    and the recipient's choice (see :mod:`klimapakete.notifications.kinds`)."""
    registered = kinds.get(kind)
    if registered is None:
        raise LookupError(f"Notification kind {kind!r} is not registered")
    if not _may_receive(recipient) or (actor is not None and actor.pk == recipient.pk):
        return None
    if not url.startswith("/"):
        raise ValueError("A notification leads to a page of this site (a path starting with /).")
    mail = _mail_state(
        recipient=recipient, kind=registered, frequency=selectors.frequency(recipient)
    )
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        params=params or {},
        url=url,
        actor=actor,
        actor_team=actor_team,
        mail=mail,
        mailed_at=timezone.now() if mail == Notification.Mail.SENT else None,
    )
    if mail == Notification.Mail.SENT:
        transaction.on_commit(
            lambda: send_notification_mail.enqueue(notification_id=notification.pk)
        )
    return notification


def notifications_create(*, recipients: Iterable, **kwargs) -> list[Notification]:
    """The same notification for several people (each once)."""
    seen: set[int] = set()
    created = []
    for recipient in recipients:
        if recipient is None or recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        notification = notification_create(recipient=recipient, **kwargs)
        if notification is not None:
            created.append(notification)
    return created


def notification_mark_read(*, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_read_for_page(*, user, path: str) -> int:
    """Reading a page reads the notifications that lead to it or into it (``path#…``)."""
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .filter(Q(url=path) | Q(url__startswith=path + "#"))
        .update(read_at=timezone.now())
    )


def frequency_set(*, user, frequency: str) -> None:
    MailPreference.objects.update_or_create(user=user, defaults={"frequency": frequency})


def actor_erase(user) -> None:
    """Account deletion: notifications this person caused keep no trace of their team."""
    Notification.objects.filter(actor=user).update(actor_team=None)


def digests_enqueue() -> int:
    """Queue one digest per person with waiting notifications (daily, by the worker)."""
    user_ids = list(
        Notification.objects.filter(mail=Notification.Mail.PENDING)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for user_id in user_ids:
        transaction.on_commit(
            lambda user_id=user_id: send_notification_digest.enqueue(user_id=user_id)
        )
    return len(user_ids)
