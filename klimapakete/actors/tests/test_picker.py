"""The other actor of a relationship is found by search, not picked from every actor."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klimapakete.actors.models import Actor, Relationship


@pytest.fixture
def team(personas):
    return personas["team"]


def url(name, team, **kwargs):
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug, **kwargs})


def _detail_queries(client, team, actor) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("detail", team, actor_id=actor.pk))
    return len(queries), response.text


def test_the_actor_page_costs_the_same_with_many_actors(team, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    member_client.get(url("detail", team, actor_id=lea.pk))
    few, _ = _detail_queries(member_client, team, lea)
    Actor.objects.bulk_create(Actor(team=team, name=f"Akteur:in {i:04}") for i in range(300))
    many, html = _detail_queries(member_client, team, lea)
    assert many == few
    assert "Akteur:in 0042" not in html  # no option per actor
    assert 'role="combobox"' in html


def test_suggestions_search_the_team_without_the_actor_itself(team, personas, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    Actor.objects.create(team=team, name="Lea Lorenz", position="Stadtwerke")
    Actor.objects.create(team=personas["other_team"], name="Lea Fremd")
    search = reverse("picker_search", kwargs={"team_slug": team.slug, "picker_key": "actors"})
    text = member_client.get(search, {"q": "lea", "exclude": lea.pk}).text
    assert "Lea Lorenz – Stadtwerke" in text
    assert "Lea Fischer" not in text and "Fremd" not in text
    assert "Lea Lorenz" in member_client.get(search, {"other_search": "stadtwerke"}).text


def test_without_javascript_a_typed_name_is_enough(team, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    petra = Actor.objects.create(team=team, name="Petra Lorenz")
    post = {
        "other": "",
        "other_search": "petra lorenz",
        "kind": "knows",
        "direction": "out",
        "strength": "2",
    }
    response = member_client.post(url("relationship_create", team, actor_id=lea.pk), post)
    assert response.status_code == 302
    assert Relationship.objects.filter(source=lea, target=petra).exists()


def test_without_javascript_several_matches_are_offered(team, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    first = Actor.objects.create(team=team, name="Jonas Weber")
    Actor.objects.create(team=team, name="Jonas Wolf")
    post = {
        "other": "",
        "other_search": "Jonas",
        "kind": "knows",
        "direction": "out",
        "strength": "2",
    }
    response = member_client.post(url("relationship_create", team, actor_id=lea.pk), post)
    assert response.status_code == 400
    assert "2 passen zu „Jonas“" in response.text
    assert response.text.count('type="radio" name="other"') == 2
    chosen = {**post, "other": str(first.pk)}
    member_client.post(url("relationship_create", team, actor_id=lea.pk), chosen)
    assert Relationship.objects.filter(source=lea, target=first).exists()


def test_the_network_and_introductions_search_instead_of_listing_every_actor(team, member_client):
    Actor.objects.bulk_create(Actor(team=team, name=f"Akteur:in {i:04}") for i in range(120))
    for name in ("network", "introductions"):
        html = member_client.get(url(name, team)).text
        assert html.count("<option") < 20  # the other filters' options only
        assert 'role="combobox"' in html


def test_the_network_centres_on_an_actor_named_by_text(team, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    petra = Actor.objects.create(team=team, name="Petra Lorenz")
    Actor.objects.create(team=team, name="Fremde Person")
    Relationship.objects.create(team=team, source=lea, target=petra, kind="knows")
    html = member_client.get(url("network", team), {"actor": "", "actor_search": "petra"}).text
    assert "Petra Lorenz" in html and "Lea Fischer" in html
    assert "Fremde Person" not in html  # not within one tie of Petra
    by_id = member_client.get(url("network", team), {"actor": petra.pk}).text
    assert 'value="Petra Lorenz"' in by_id  # the search field shows the chosen actor


def test_introductions_to_an_actor_named_by_text(team, member_client):
    Actor.objects.create(team=team, name="Bürgermeisterin Sommer")
    response = member_client.get(url("introductions", team), {"target_search": "sommer"})
    assert response.status_code == 200
    assert 'value="Bürgermeisterin Sommer"' in response.text or "Sommer" in response.text
    unknown = member_client.get(url("introductions", team), {"target_search": "Niemand"})
    assert "Nichts passt zu „Niemand“" in unknown.text


def test_the_conversation_log_comes_a_page_at_a_time(team, member_client):
    from datetime import date, timedelta

    from klimapakete.actors.models import Conversation

    lea = Actor.objects.create(team=team, name="Lea Fischer")
    start = date(2026, 1, 1)
    Conversation.objects.bulk_create(
        Conversation(team=team, actor=lea, date=start + timedelta(days=i), next_step=f"Schritt {i}")
        for i in range(45)
    )
    first = member_client.get(url("detail", team, actor_id=lea.pk)).text
    assert "Schritt 44" in first and "Schritt 24" not in first  # newest first, 20 a page
    assert "Seite 1 von 3" in first
    last = member_client.get(url("detail", team, actor_id=lea.pk), {"conversations": 3}).text
    assert "Schritt 4 " in last or "Schritt 4\n" in last or "Schritt 4<" in last
    assert "Schritt 44" not in last
