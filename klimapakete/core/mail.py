"""Outgoing mail goes through the task worker, never from the request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    headers: dict | None = None,
    reply_to: list[str] | None = None,
) -> int:
    message = EmailMultiAlternatives(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
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
) -> None:
    """Queue a mail once the surrounding transaction has committed.

    ``headers`` are extra mail headers, e.g. ``List-Unsubscribe`` (RFC 8058); ``reply_to``
    the addresses answers go to (a team's contact person for mails to outsiders).
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
        )
    )
