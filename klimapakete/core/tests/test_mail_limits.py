"""Mail to people outside the app is capped per request, per team and per person a day."""

from __future__ import annotations

from datetime import time, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klimapakete.workshops import services
from klimapakete.workshops.models import RoundTable


def _meeting(team):
    table = services.round_table_create(
        team=team,
        title="Stammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
        start_time=time(18, 30),
        description="",
    )
    return services.meeting_create(round_table=table)


def _invite(client, team, meeting, addresses, capture):
    with capture(execute=True):
        return client.post(
            reverse(
                "workshops:meeting_invite",
                kwargs={"team_slug": team.slug, "meeting_id": meeting.pk},
            ),
            {"members": "on", "addresses": "\n".join(addresses)},
            follow=True,
        ).content.decode()


def test_a_thousand_outside_addresses_in_one_request_are_refused(
    coordinator_client, personas, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_OUTSIDERS_PER_REQUEST = 50
    team = personas["team"]
    meeting = _meeting(team)
    addresses = [f"fremd{i}@example.com" for i in range(1000)]
    page = _invite(coordinator_client, team, meeting, addresses, django_capture_on_commit_callbacks)
    assert "Nichts wurde verschickt: Höchstens 50 Adressen" in page
    assert mail.outbox == []


def test_a_limit_of_one_outside_address_reads_in_the_singular(
    coordinator_client, personas, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_OUTSIDERS_PER_REQUEST = 1
    team = personas["team"]
    meeting = _meeting(team)
    addresses = ["a@example.com", "b@example.com"]
    page = _invite(coordinator_client, team, meeting, addresses, django_capture_on_commit_callbacks)
    assert "Höchstens 1 Adresse außerhalb des Teams kann auf einmal eingeladen werden" in page
    assert mail.outbox == []


def test_outside_mail_is_capped_per_team_and_day_but_members_are_not_counted(
    coordinator_client, member_client, personas, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_OUTSIDERS_PER_TEAM_DAY = 3
    team = personas["team"]
    meeting = _meeting(team)
    capture = django_capture_on_commit_callbacks
    _invite(coordinator_client, team, meeting, ["a@example.com", "b@example.com"], capture)
    assert len(mail.outbox) == 4  # two members and two outside addresses
    page = _invite(member_client, team, meeting, ["c@example.com", "d@example.com"], capture)
    assert "Dein Team kann höchstens 3 Adressen" in page and "heute noch möglich: 1." in page
    assert len(mail.outbox) == 4
    _invite(member_client, team, meeting, [], capture)  # members only: always possible
    assert len(mail.outbox) == 6


def test_outside_mail_is_capped_per_person_and_day(
    coordinator_client, personas, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_OUTSIDERS_PER_USER_DAY = 2
    team = personas["team"]
    meeting = _meeting(team)
    capture = django_capture_on_commit_callbacks
    _invite(coordinator_client, team, meeting, ["a@example.com", "b@example.com"], capture)
    page = _invite(coordinator_client, team, meeting, ["c@example.com"], capture)
    assert "Du kannst höchstens 2 Adressen" in page
