"""Outgoing mail goes through the task worker, never from the request."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django_tasks import task

from klimapakete.errors import DomainError


class MailLimitError(DomainError):
    """Too many mails to people outside the app (codes: per_request, team_day, user_day)."""


def outsider_mail_allow(*, team, user, count: int) -> None:
    """Check and record ``count`` mails to outside addresses from ``user`` for ``team``.

    Caps per request (MAIL_OUTSIDERS_PER_REQUEST) and per day for the team
    (MAIL_OUTSIDERS_PER_TEAM_DAY) and for the person (MAIL_OUTSIDERS_PER_USER_DAY), so the
    app cannot be used to mail strangers in bulk. Raises MailLimitError; nothing is sent.
    """
    from klimapakete.core.models import OutsiderMail

    if count <= 0:
        return
    limit = settings.MAIL_OUTSIDERS_PER_REQUEST
    if count > limit:
        raise MailLimitError("per_request", limit=limit, count=count)
    since = timezone.now() - timedelta(days=1)
    recent = OutsiderMail.objects.filter(at__gte=since)
    for code, rows, limit in (
        ("team_day", recent.filter(team_id=team.pk), settings.MAIL_OUTSIDERS_PER_TEAM_DAY),
        ("user_day", recent.filter(user_id=user.pk), settings.MAIL_OUTSIDERS_PER_USER_DAY),
    ):
        sent = rows.aggregate(n=Sum("recipients"))["n"] or 0
        if sent + count > limit:
            raise MailLimitError(code, limit=limit, left=max(0, limit - sent), count=count)
    OutsiderMail.objects.filter(at__lt=since - timedelta(days=1)).delete()
    OutsiderMail.objects.create(team_id=team.pk, user_id=user.pk, recipients=count)


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    headers: dict | None = None,
    reply_to: list[str] | None = None,
    from_email: str = "",
) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=to,
        headers=headers or None,
        reply_to=reply_to or None,
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()


def email_enqueue(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    headers: dict | None = None,
    reply_to: list[str] | None = None,
    from_email: str = "",
) -> None:
    """Queue a mail once the surrounding transaction has committed.

    ``headers`` are extra mail headers, e.g. ``List-Unsubscribe`` (RFC 8058); ``reply_to``
    the addresses answers go to (a team's contact person for mails to outsiders);
    ``from_email`` replaces the server's sender (mail to outsiders names the team).
    """
    subject = " ".join(str(subject).splitlines())
    reply_to = [address for address in (reply_to or []) if address]
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=to,
            subject=subject,
            body=body,
            html_body=html_body,
            headers=headers or {},
            reply_to=reply_to,
            from_email=from_email,
        )
    )
