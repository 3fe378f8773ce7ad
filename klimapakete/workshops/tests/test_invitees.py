"""Invitations go only to the team's own people or to addresses that confirmed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klimapakete.actors.models import Actor
from klimapakete.workshops import services
from klimapakete.workshops.models import RoundTable


@pytest.fixture
def meeting(personas):
    table = services.round_table_create(
        team=personas["team"],
        title="Klimastammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
    )
    return services.meeting_create(round_table=table)


def _invite(client, personas, meeting, addresses, capture):
    mail.outbox.clear()
    link = reverse(
        "workshops:meeting_invite",
        kwargs={"team_slug": personas["team"].slug, "meeting_id": meeting.pk},
    )
    with capture(execute=True):
        response = client.post(link, {"addresses": "\n".join(addresses)}, follow=True)
    return [str(m) for m in response.context["messages"]]


def test_a_typed_in_address_confirms_before_it_is_invited(
    coordinator_client, personas, meeting, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    notes = _invite(coordinator_client, personas, meeting, ["fremd@example.com"], capture)
    assert any("warten auf Bestätigung: fremd@example.com" in n for n in notes), notes
    (asking,) = mail.outbox
    assert "Sie wurden vom Team „LocalZero Teststadt“ eingeladen" in asking.body
    assert "/ical/" not in asking.body

    # Inviting again before confirming sends nothing more (one confirmation mail only).
    _invite(coordinator_client, personas, meeting, ["fremd@example.com"], capture)
    assert mail.outbox == []

    link = re.search(r"/w/confirm/\S+/", asking.body).group(0)
    visitor = Client()
    assert "Möchten Sie Einladungen" in visitor.get(link).content.decode()
    visitor.post(link)

    notes = _invite(coordinator_client, personas, meeting, ["fremd@example.com"], capture)
    (invitation,) = mail.outbox
    assert "/ical/" in invitation.body
    assert not any("Bestätigung" in n for n in notes)


def test_the_teams_actors_are_invited_at_once(
    coordinator_client, personas, meeting, django_capture_on_commit_callbacks
):
    Actor.objects.create(team=personas["team"], name="Stadtwerke", email="info@stadtwerke.de")
    _invite(
        coordinator_client,
        personas,
        meeting,
        ["Info@Stadtwerke.de"],
        django_capture_on_commit_callbacks,
    )
    (invitation,) = mail.outbox
    assert "/ical/" in invitation.body


def test_another_teams_confirmation_does_not_count(
    coordinator_client, personas, meeting, django_capture_on_commit_callbacks
):
    from klimapakete.teams.services import team_create
    from klimapakete.workshops.models import AddressConfirmation

    other = team_create(
        user=personas["outsider"], name="Anderes Team", municipality="Anderswo", federal_state=""
    )
    AddressConfirmation.objects.create(
        team=other, email="fremd@example.com", confirmed_at=timezone.now()
    )
    _invite(
        coordinator_client,
        personas,
        meeting,
        ["fremd@example.com"],
        django_capture_on_commit_callbacks,
    )
    (asking,) = mail.outbox
    assert "/ical/" not in asking.body


def test_a_workshop_guest_with_a_typed_in_address_waits_for_confirmation(
    member_client, personas, django_capture_on_commit_callbacks
):
    workshop = services.workshop_create(
        team=personas["team"],
        title="Zukunftswerkstatt",
        date=timezone.localdate() + timedelta(days=10),
        place="VHS",
    )
    services.participant_add_guest(
        workshop=workshop, name="Gerda Gast", sector=None, email="gerda@example.org"
    )
    link = reverse(
        "workshops:invitations_send",
        kwargs={"team_slug": personas["team"].slug, "workshop_id": workshop.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(link)
    (asking,) = mail.outbox
    assert "/w/confirm/" in asking.body and "/w/" not in asking.body.replace("/w/confirm/", "")
    assert workshop.participants.get().invited_at is None

    Client().post(re.search(r"/w/confirm/\S+/", asking.body).group(0))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(link)
    (invitation,) = mail.outbox
    assert invitation.body.startswith("Guten Tag Gerda Gast,")
