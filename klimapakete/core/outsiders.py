"""Mail to people outside the app goes one way: named sender, reason, opt-out, abuse contact.

Residents, actors, the administration and typed-in guests never asked for an account, so
every mail to them says which team sends it and why, carries a link that stops further
mail from that team without logging in (also as ``List-Unsubscribe``, RFC 8058 one-click)
and names where to report abuse (``ABUSE_CONTACT``). An address that opted out gets no
more mail from that team on any path.
"""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

from klimapakete.core.links import absolute_url
from klimapakete.core.mail import email_enqueue
from klimapakete.core.sender import Sender

SALT = "klimapakete.core.outsider-opt-out"


def normal_address(email: str) -> str:
    return email.strip().lower()


def opt_out_token(*, team_id: int, email: str) -> str:
    return signing.dumps({"t": team_id, "e": normal_address(email)}, salt=SALT, compress=True)


def opt_out_read(token: str) -> tuple[int, str] | None:
    """The team and address a token was made for, or None if it is not one of ours."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    team_id, email = data.get("t"), data.get("e")
    if not isinstance(team_id, int) or not isinstance(email, str) or not email:
        return None
    return team_id, email


def opt_out_url(*, team_id: int, email: str) -> str:
    token = opt_out_token(team_id=team_id, email=email)
    return absolute_url(reverse("outsider_unsubscribe", kwargs={"token": token}))


def opted_out(*, team_id: int, emails) -> set[str]:
    """The addresses among ``emails`` (normalised) that want no mail from the team."""
    from klimapakete.core.models import MailOptOut

    wanted = {normal_address(e) for e in emails if e}
    return set(
        MailOptOut.objects.filter(team_id=team_id, email__in=wanted).values_list("email", flat=True)
    )


def opt_out_record(*, team_id: int, email: str) -> None:
    from klimapakete.core.models import MailOptOut

    MailOptOut.objects.get_or_create(team_id=team_id, email=normal_address(email))


def sender_address(sender: Sender) -> str:
    """The From header: the team's name on the server's own address (mail from the team's
    contact's domain would fail SPF/DMARC; answers go to the contact by Reply-To)."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return formataddr((" ".join(sender.team.split()), address))


def outsider_email_enqueue(
    *, team, sender: Sender, to: str, subject: str, body: str, reason: str
) -> bool:
    """Queue one mail to an outside address; False (nothing sent) if it opted out.

    ``reason`` is a translated sentence saying why the reader gets this mail; the caller
    renders ``body`` and ``reason`` in the reader's language.
    """
    if opted_out(team_id=team.pk, emails=[to]):
        return False
    url = opt_out_url(team_id=team.pk, email=to)
    note = render_to_string(
        "email/outsider_note.txt",
        {
            "sender": sender,
            "reason": reason,
            "unsubscribe_url": url,
            "abuse_contact": settings.ABUSE_CONTACT,
        },
    )
    email_enqueue(
        to=[to],
        subject=subject,
        body=f"{body.rstrip()}\n\n-- \n{note.strip()}\n",
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
        reply_to=[sender.email],
        from_email=sender_address(sender),
    )
    return True
