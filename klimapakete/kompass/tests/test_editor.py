"""The Kompass editor: blocks filled from the team's data, own texts, order, hiding."""

from __future__ import annotations

import pytest
from django.urls import reverse

from klimapakete.kompass.models import Kompass
from klimapakete.kompass.tests.helpers import adopted_goal

pytestmark = pytest.mark.django_db


def url(team, name="kompass:editor", *args):
    return reverse(name, args=[team.slug, *args])


def test_the_editor_is_filled_from_the_teams_data_without_writing(personas, member_client):
    team = personas["team"]
    adopted_goal(team, goal="Teststadt wird bis 2040 klimaneutral.")
    response = member_client.get(url(team))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Teststadt wird bis 2040 klimaneutral." in page
    assert "Teststadt auf dem Weg zur Klimaneutralität" in page
    assert not Kompass.objects.filter(team=team).exists()  # no write on GET


def test_own_text_is_kept_and_the_data_text_keeps_following_the_data(personas, member_client):
    team = personas["team"]
    workshop = adopted_goal(team, goal="Erstes Ziel.")
    member_client.post(
        url(team, "kompass:block_save", "header"),
        {"header-headline": "Gemeinsam für Teststadt", "header-tagline": "", "header-town": ""},
    )
    member_client.post(url(team, "kompass:block_save", "goal"), {"goal-goal": "Erstes Ziel."})
    kompass = Kompass.objects.get(team=team)
    assert kompass.headline == "Gemeinsam für Teststadt"
    assert kompass.goal == ""  # the same as the workshop's: stays linked to it
    workshop.shared_goal = "Geändertes Ziel."
    workshop.save()
    page = member_client.get(url(team)).content.decode()
    assert "Geändertes Ziel." in page and "Gemeinsam für Teststadt" in page


def test_the_target_year_typed_by_the_team_goes_into_the_headline(personas, member_client):
    team = personas["team"]
    member_client.post(
        url(team, "kompass:block_save", "header"),
        {
            "header-town": "",
            "header-target_year": "2038",
            "header-headline": "",
            "header-tagline": "",
        },
    )
    assert Kompass.objects.get(team=team).target_year == 2038
    assert "Teststadt klimaneutral bis 2038" in member_client.get(url(team)).content.decode()


def test_back_to_our_data_forgets_the_own_text(personas, member_client):
    team = personas["team"]
    member_client.post(url(team, "kompass:block_save", "working"), {"working-working": "Eigen."})
    member_client.post(url(team, "kompass:block_reset", "working"))
    assert Kompass.objects.get(team=team).working == ""


def test_texts_longer_than_the_limit_are_refused(personas, member_client):
    team = personas["team"]
    member_client.post(url(team, "kompass:block_save", "goal"), {"goal-goal": "x" * 401})
    assert not Kompass.objects.filter(team=team, goal__startswith="x").exists()


def test_asks_per_sector_are_saved_for_the_teams_sectors(personas, member_client):
    team = personas["team"]
    sector = team.sectors.create(name="Schulen", order=1)
    member_client.post(
        url(team, "kompass:block_save", "ask"),
        {"ask-ask_intro": "", f"ask-ask_{sector.pk}": "Bringen Sie Ihre Klassen mit."},
    )
    assert Kompass.objects.get(team=team).asks == {str(sector.pk): "Bringen Sie Ihre Klassen mit."}


def test_blocks_move_and_hide(personas, member_client):
    team = personas["team"]
    member_client.post(url(team, "kompass:block_move", "sectors"), {"direction": "up"})
    member_client.post(url(team, "kompass:block_show", "working"), {"visible": "0"})
    kompass = Kompass.objects.get(team=team)
    assert [b["key"] for b in kompass.blocks][:2] == ["sectors", "goal"]
    assert {b["key"]: b["visible"] for b in kompass.blocks}["working"] is False
    page = member_client.get(url(team)).content.decode()
    assert "nicht auf dem Kompass" in page


def test_unknown_blocks_are_not_found(personas, member_client):
    response = member_client.post(url(personas["team"], "kompass:block_save", "nope"), {})
    assert response.status_code == 404


def test_only_the_coordinator_switches_the_public_page(personas, member_client, coordinator_client):
    team = personas["team"]
    assert member_client.post(url(team, "kompass:public"), {"public": "on"}).status_code == 403
    coordinator_client.post(url(team, "kompass:public"), {"public": "on"})
    kompass = Kompass.objects.get(team=team)
    assert kompass.public and kompass.public_slug == team.slug and not kompass.public_indexing
    coordinator_client.post(url(team, "kompass:public"), {})
    kompass.refresh_from_db()
    assert not kompass.public and kompass.public_slug == team.slug  # the address stays


def test_a_public_flag_on_action_items(personas, member_client):
    from klimapakete.kompass.tests.helpers import milestone

    team = personas["team"]
    item = milestone(team, "Antrag einbringen", public=False)
    member_client.post(
        reverse("workshops:action_update", args=[team.slug, item.pk]),
        {"status": "planned", "public": "on"},
    )
    item.refresh_from_db()
    assert item.public


def test_consent_is_recorded_with_its_date_in_the_actor_form(personas, member_client):
    from django.utils import timezone

    from klimapakete.actors.models import Actor

    team = personas["team"]
    actor = Actor.objects.create(team=team, kind="organisation", name="Stadtwerke Teststadt")
    form_url = reverse("actors:edit", args=[team.slug, actor.pk])
    page = member_client.get(form_url).content.decode()
    assert "Öffentlicher Nennung zugestimmt" in page
    values = {
        "kind": "organisation",
        "name": "Stadtwerke Teststadt",
        "stance": 0,
        "power": 3,
        "ease": 3,
        "ladder": "identified",
        "public_consent": "on",
    }
    member_client.post(form_url, values)
    actor.refresh_from_db()
    assert actor.public_consent and actor.public_consent_on == timezone.localdate()
    member_client.post(form_url, {**values, "public_consent": ""})
    actor.refresh_from_db()
    assert not actor.public_consent and actor.public_consent_on is None
