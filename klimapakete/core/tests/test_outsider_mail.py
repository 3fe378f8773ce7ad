"""Every mail to someone outside the app names the team, says why, and lets them opt out.

``KINDS`` walks every outward mail of the audience registry (``MAILS`` in
test_address_form); a new outward mail fails ``test_every_outward_mail_is_walked`` until
it is added here, so none goes out without the note, the header and the sender.
"""

from __future__ import annotations

import ast
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klimapakete.core.tests.test_address_form import MAILS, OUTWARD, PACKAGE_DIR, du_words


def confirmed(team, email):
    from klimapakete.workshops.models import AddressConfirmation

    AddressConfirmation.objects.update_or_create(
        team=team, email=email, defaults={"confirmed_at": timezone.now()}
    )


def _workshop_invitation(client, personas):
    from klimapakete.workshops import services

    confirmed(personas["team"], "gerda@example.org")

    workshop = services.workshop_create(
        team=personas["team"],
        title="Zukunftswerkstatt",
        date=timezone.localdate() + timedelta(days=10),
        place="VHS",
    )
    services.participant_add_guest(
        workshop=workshop, name="Gerda Gast", sector=None, email="gerda@example.org"
    )
    url = reverse(
        "workshops:invitations_send",
        kwargs={"team_slug": personas["team"].slug, "workshop_id": workshop.pk},
    )
    return lambda: client.post(url), "gerda@example.org"


def _meeting_invitation(client, personas, address="stadtwerke@example.org"):
    from klimapakete.workshops import services
    from klimapakete.workshops.models import RoundTable

    if address == "stadtwerke@example.org":
        confirmed(personas["team"], address)

    table = services.round_table_create(
        team=personas["team"],
        title="Klimastammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
    )
    meeting = services.meeting_create(round_table=table)
    url = reverse(
        "workshops:meeting_invite",
        kwargs={"team_slug": personas["team"].slug, "meeting_id": meeting.pk},
    )
    return lambda: client.post(url, {"addresses": address}), address


def _address_confirmation(client, personas):
    return _meeting_invitation(client, personas, address="fremd@example.org")


# Each outward mail: (how to send it once to one outside address, that address).
KINDS = {
    "workshops/services.py:invitations_send": _workshop_invitation,
    "workshops/services.py:meeting_invite": _meeting_invitation,
    "workshops/invitees.py:confirmations_request": _address_confirmation,
}


def test_every_outward_mail_is_walked():
    outward = {name for name, audience in MAILS.items() if audience == OUTWARD}
    assert sorted(outward ^ set(KINDS)) == []


def test_outward_mail_goes_through_the_one_helper():
    """An outward mail calls ``outsider_email_enqueue``, never ``email_enqueue`` itself."""
    direct = []
    for name in (n for n, audience in MAILS.items() if audience == OUTWARD):
        module, function = name.split(":")
        tree = ast.parse((PACKAGE_DIR / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == function:
                calls = {
                    getattr(c.func, "id", "") for c in ast.walk(node) if isinstance(c, ast.Call)
                }
                if "outsider_email_enqueue" not in calls or "email_enqueue" in calls:
                    direct.append(name)
    assert direct == []


def _send(kind, client, personas, capture):
    send, address = KINDS[kind](client, personas)
    mail.outbox.clear()
    with capture(execute=True):
        send()
    return [m for m in mail.outbox if address in m.to], address


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_outward_mail_names_the_team_says_why_and_offers_opt_out_and_abuse_contact(
    kind, coordinator_client, personas, settings, django_capture_on_commit_callbacks
):
    settings.ABUSE_CONTACT = "abuse@betreiber.example"
    (message,), _ = _send(kind, coordinator_client, personas, django_capture_on_commit_callbacks)
    body = message.body
    team = personas["team"].name
    assert message.from_email.startswith(f"{team} <") or message.from_email.startswith(
        f'"{team}" <'
    )
    assert message.reply_to == ["coordinator@example.org"]
    assert f"für das Team „{team}“" in body
    assert "Clara Coordinator (coordinator@example.org)" in body
    assert "Sie erhalten sie, weil " in body
    assert "Missbrauch dieser E-Mail melden Sie bitte an abuse@betreiber.example" in body
    assert du_words(body) == []
    link = re.search(r"https?://\S+/mail/unsubscribe/\S+/", body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_after_opting_out_no_mail_of_any_kind_reaches_the_address(
    kind, client, coordinator_client, personas, django_capture_on_commit_callbacks
):
    (message,), address = _send(
        kind, coordinator_client, personas, django_capture_on_commit_callbacks
    )
    path = re.search(r"/mail/unsubscribe/\S+/", message.body).group(0)
    page = client.get(path).content.decode()  # a GET only asks
    assert "Möchten Sie keine E-Mails mehr" in page
    answered = client.post(path).content.decode()
    assert "Sie erhalten keine E-Mails mehr" in answered
    for other in sorted(KINDS):
        sent, _ = _send(other, coordinator_client, personas, django_capture_on_commit_callbacks)
        assert sent == [] or address not in {a for m in sent for a in m.to}, other


def test_one_click_unsubscribe_works_without_session_or_csrf(
    personas, django_capture_on_commit_callbacks
):
    from django.test import Client

    from klimapakete.core import outsiders

    team = personas["team"]
    url = outsiders.opt_out_url(team_id=team.pk, email="Rathaus@Example.org")
    strict = Client(enforce_csrf_checks=True)
    answer = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 200
    assert outsiders.opted_out(team_id=team.pk, emails=["rathaus@example.org"]) == {
        "rathaus@example.org"
    }
    # The opt-out is per team: another team may still write.
    assert outsiders.opted_out(team_id=team.pk + 1000, emails=["rathaus@example.org"]) == set()


def test_a_forged_unsubscribe_link_is_not_found(client, db):
    assert client.get("/mail/unsubscribe/abc:def/").status_code == 404
