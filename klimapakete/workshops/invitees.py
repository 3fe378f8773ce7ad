"""Who may get an invitation: the team's own people, or an address that confirmed.

Workshop and round-table invitations go to team members, the team's actors, participants
who come from the actor list, and addresses that confirmed. An address typed in freely
first gets one mail ("you were invited by team X, please confirm") and the invitation
only after confirming, so the app cannot mail strangers on a member's behalf.
"""

from __future__ import annotations

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klimapakete.core.links import absolute_url
from klimapakete.core.outsiders import normal_address, outsider_email_enqueue
from klimapakete.core.sender import Sender
from klimapakete.workshops.models import AddressConfirmation, Participant

SALT = "klimapakete.workshops.address-confirmation"


def known_addresses(*, team, emails) -> set[str]:
    """The addresses among ``emails`` (normalised) that may be invited without asking."""
    from klimapakete.actors.models import Actor

    wanted = {normal_address(e) for e in emails if e}
    if not wanted:
        return set()
    found = {normal_address(e) for e in team.members.values_list("email", flat=True)}
    found |= {
        normal_address(e)
        for e in Actor.objects.filter(team=team).exclude(email="").values_list("email", flat=True)
    }
    found |= {
        normal_address(e)
        for e in Participant.objects.filter(workshop__team=team, actor__isnull=False)
        .exclude(email="")
        .values_list("email", flat=True)
    }
    found |= set(
        AddressConfirmation.objects.filter(
            team=team, confirmed_at__isnull=False, email__in=wanted
        ).values_list("email", flat=True)
    )
    return wanted & found


def unconfirmed(*, team, emails) -> list[str]:
    """The addresses among ``emails`` that still need to confirm, in their order."""
    known = known_addresses(team=team, emails=emails)
    return list(dict.fromkeys(e for e in emails if e and normal_address(e) not in known))


def confirmations_to_send(*, team, emails) -> list[str]:
    """Of the unconfirmed ``emails``, those that have not been asked yet (each is asked once)."""
    asked = set(
        AddressConfirmation.objects.filter(
            team=team, email__in=[normal_address(e) for e in emails]
        ).values_list("email", flat=True)
    )
    return [e for e in emails if normal_address(e) not in asked]


def confirmation_url(*, team_id: int, email: str) -> str:
    token = signing.dumps({"t": team_id, "e": normal_address(email)}, salt=SALT, compress=True)
    return absolute_url(reverse("workshops_address_confirm", kwargs={"token": token}))


def confirmation_read(token: str) -> AddressConfirmation | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return (
        AddressConfirmation.objects.select_related("team")
        .filter(team_id=data.get("t"), email=data.get("e"))
        .first()
    )


def confirmations_request(*, team, emails, sender: Sender, language: str) -> int:
    """Ask each address in ``emails`` once to confirm; returns how many mails were queued.
    The caller has counted them against the caps on mail to outsiders."""
    sent = 0
    with translation.override(language):
        reason = _(
            "You receive it because a member of the team “%(team)s” entered your address "
            "for an invitation."
        ) % {"team": sender.team}
        for email in confirmations_to_send(team=team, emails=emails):
            AddressConfirmation.objects.get_or_create(team=team, email=normal_address(email))
            context = {"sender": sender, "url": confirmation_url(team_id=team.pk, email=email)}
            sent += outsider_email_enqueue(
                team=team,
                sender=sender,
                to=email,
                subject=_("Invitation from %(team)s: please confirm") % {"team": sender.team},
                body=render_to_string("workshops/email_confirm_address.txt", context),
                reason=reason,
            )
    return sent


def confirmation_confirm(*, confirmation: AddressConfirmation) -> None:
    if confirmation.confirmed_at is None:
        confirmation.confirmed_at = timezone.now()
        confirmation.save(update_fields=["confirmed_at"])
