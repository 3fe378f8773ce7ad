"""Choosing people from a large actor map: a search, never a list of everyone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from klimapakete.actors.models import Actor
from klimapakete.core.scale import scale_teams
from klimapakete.workshops import services
from klimapakete.workshops.tests.test_workshops import make_actors


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


def offered(html: str) -> list[str]:
    return re.findall(r'<input type="checkbox" name="actors" value="(\d+)"', html)


@pytest.fixture
def large_workshop(personas):
    """Twelve people, five of them taking part; then ten times the team's data."""
    team = personas["team"]
    actors = make_actors(team, sizes=(3, 3, 2, 2, 1, 1))
    workshop = services.workshop_create(
        team=team, title="Kick-off", date=timezone.localdate() + timedelta(days=10), place="VHS"
    )
    services.participants_add_actors(workshop=workshop, actors=actors[:5])
    scale_teams(10, teams=[team])
    return workshop


def test_the_participant_picker_offers_no_more_than_the_suggestion_limit(
    coordinator_client, personas, large_workshop
):
    team = personas["team"]
    people = Actor.objects.filter(team=team, kind="person").count()
    assert people == 120 > settings.PICKER_RESULTS
    page = coordinator_client.get(
        url("workshops:participants", team, workshop_id=large_workshop.pk)
    )
    html = page.content.decode()
    assert len(offered(html)) == settings.PICKER_RESULTS
    chosen = {str(p.actor_id) for p in large_workshop.participants.all()}
    assert not chosen & set(offered(html))  # those taking part are not offered again
    assert f"{120 - 5}" in html  # how many there are to search among


def test_searching_finds_one_person_and_adds_them(coordinator_client, personas, large_workshop):
    team = personas["team"]
    target = Actor.objects.filter(team=team, kind="person").order_by("-pk").first()
    Actor.objects.filter(pk=target.pk).update(name="Zora Zimmermann-Öztürk")
    target.refresh_from_db()
    address = url("workshops:participants", team, workshop_id=large_workshop.pk)
    page = coordinator_client.get(address, {"q": target.name})
    assert offered(page.content.decode()) == [str(target.pk)]
    # The same search typed with JavaScript answers only the list (htmx).
    partial = coordinator_client.get(
        address, {"q": target.name}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="actor-candidates"
    )
    assert offered(partial.content.decode()) == [str(target.pk)]
    assert "<h1>" not in partial.content.decode()
    coordinator_client.post(
        url("workshops:participants_add", team, workshop_id=large_workshop.pk),
        {"actors": [target.pk]},
    )
    assert large_workshop.participants.filter(actor=target).exists()
    page = coordinator_client.get(address, {"q": target.name})
    assert offered(page.content.decode()) == []


def test_the_action_item_owner_is_a_search_among_the_members(coordinator_client, personas):
    from conftest import make_user
    from klimapakete.teams.models import Membership
    from klimapakete.workshops.models import ActionItem, RoundTable

    team = personas["team"]
    for i in range(3 * settings.PICKER_RESULTS):
        user = make_user(f"m{i}@example.org", f"Mitglied {i:03}")
        Membership.objects.create(team=team, user=user, role="member")
    table = services.round_table_create(
        team=team,
        title="Stammtisch",
        place="Rathaus",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
    )
    meeting = services.meeting_create(round_table=table)
    html = coordinator_client.get(url("workshops:meeting", team, meeting_id=meeting.pk)).text
    assert "Mitglied 0" not in html and 'role="combobox"' in html
    coordinator_client.post(
        url("workshops:action_add", team, meeting_id=meeting.pk),
        {"title": "Raum buchen", "owner_search": "Mitglied 042", "status": "planned"},
    )
    assert ActionItem.objects.get(title="Raum buchen").owner.name == "Mitglied 042"
