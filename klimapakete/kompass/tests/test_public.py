"""The public alliance page: off by default, consent only, no people, contact form."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from klimapakete.actors.models import Actor
from klimapakete.kompass.forms import contact_token
from klimapakete.kompass.models import ContactAttempt
from klimapakete.kompass.tests.helpers import (
    adopted_goal,
    milestone,
    organisation,
    public_on,
    sector,
)

pytestmark = pytest.mark.django_db


def page_url(kompass) -> str:
    return reverse("kompass_public:page", args=[kompass.public_slug])


@pytest.fixture
def fast_form(settings):
    settings.KOMPASS_CONTACT_MIN_SECONDS = 0


def contact(client, kompass, **fields):
    data = {
        "name": "Petra Pflug",
        "organisation": "Gärtnerei Pflug",
        "email": "petra@example.org",
        "message": "Wir möchten mitmachen.",
        "consent": "on",
        "started": contact_token(),
        **fields,
    }
    return client.post(page_url(kompass), data, REMOTE_ADDR="203.0.113.7")


def test_the_public_page_is_off_by_default_and_only_the_team_can_switch_it_on(personas):
    from klimapakete.kompass.services import kompass_ensure

    kompass = kompass_ensure(team=personas["team"])
    assert not kompass.public
    response = Client().get(reverse("kompass_public:page", args=[personas["team"].slug]))
    assert response.status_code == 404
    kompass = public_on(personas["team"])
    assert Client().get(page_url(kompass)).status_code == 200


def test_switched_off_again_the_page_is_gone(personas):
    from klimapakete.kompass.services import public_page_set

    kompass = public_on(personas["team"])
    public_page_set(kompass=kompass, public=False, indexing=False)
    assert Client().get(page_url(kompass)).status_code == 404


def test_only_organisations_with_consent_and_no_people_appear(personas):
    team = personas["team"]
    business = sector(team)
    organisation(team, "Stadtwerke Zustimmung", consent=True, sector_=business)
    organisation(team, "Geheimbau AG", consent=False, sector_=business)
    organisation(team, "Erika Mustermann", consent=True, sector_=business, kind=Actor.Kind.PERSON)
    kompass = public_on(team)
    page = Client().get(page_url(kompass)).content.decode()
    assert "Stadtwerke Zustimmung" in page
    assert "Geheimbau AG" not in page
    assert "Erika Mustermann" not in page


def test_public_milestones_and_the_goal_are_shown_internal_ones_are_not(personas):
    team = personas["team"]
    adopted_goal(team, goal="Teststadt wird bis 2040 klimaneutral.")
    milestone(team, "Antrag im Stadtrat", public=True)
    milestone(team, "Interne Telefonliste", public=False)
    milestone(team, "Erledigter Meilenstein", public=True, status="done")
    page = Client().get(page_url(public_on(team))).content.decode()
    assert "Teststadt wird bis 2040 klimaneutral." in page
    assert "Antrag im Stadtrat" in page
    assert "Interne Telefonliste" not in page and "Erledigter Meilenstein" not in page
    # Members' names (the owners of action items, the team's accounts) never show.
    assert "Clara Coordinator" not in page and "Mo Member" not in page


def test_noindex_until_the_coordinator_allows_indexing(personas):
    kompass = public_on(personas["team"])
    response = Client().get(page_url(kompass))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    kompass = public_on(personas["team"], indexing=True)
    response = Client().get(page_url(kompass))
    assert "X-Robots-Tag" not in response
    assert 'name="robots"' not in response.content.decode()


def test_the_page_speaks_to_outsiders_with_sie_and_names_its_sender(personas):
    page = Client().get(page_url(public_on(personas["team"]))).content.decode()
    assert "Möchten Sie oder Ihre Organisation mitmachen?" in page
    assert "Eine Seite von LocalZero Teststadt, Teststadt." in page
    assert " du " not in page and " euch " not in page and " eure " not in page


def test_a_contact_lands_in_the_actor_map(personas, fast_form):
    team = personas["team"]
    business = sector(team)
    kompass = public_on(team)
    response = contact(Client(), kompass, sector=business.pk)
    assert "Vielen Dank für Ihre Nachricht!" in response.content.decode()
    actor = Actor.objects.get(team=team, name="Petra Pflug")
    assert actor.kind == Actor.Kind.PERSON and actor.sector == business
    assert actor.email == "petra@example.org" and not actor.public_consent
    assert "Gärtnerei Pflug" in actor.notes and "Ich bin einverstanden" in actor.notes
    assert actor.changes.get().created  # in the actor's history, without a team member


def test_the_invisible_field_swallows_bots_without_telling_them(personas, fast_form):
    kompass = public_on(personas["team"])
    response = contact(Client(), kompass, website="http://spam.example")
    assert "Vielen Dank" in response.content.decode()
    assert not Actor.objects.filter(name="Petra Pflug").exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(personas, settings):
    settings.KOMPASS_CONTACT_MIN_SECONDS = 30
    kompass = public_on(personas["team"])
    response = contact(Client(), kompass)
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in response.content.decode()
    assert not Actor.objects.filter(name="Petra Pflug").exists()


def test_a_forged_time_token_is_refused(personas, fast_form):
    kompass = public_on(personas["team"])
    assert contact(Client(), kompass, started="1700000000").status_code == 400
    assert not Actor.objects.filter(name="Petra Pflug").exists()


def test_consent_is_required(personas, fast_form):
    kompass = public_on(personas["team"])
    assert contact(Client(), kompass, consent="").status_code == 400
    assert not Actor.objects.exists()


def test_posts_per_address_are_limited(personas, fast_form, settings):
    settings.KOMPASS_CONTACT_LIMIT = 3
    kompass = public_on(personas["team"])
    for n in range(3):
        assert contact(Client(), kompass, name=f"Person {n}").status_code == 200
    response = contact(Client(), kompass, name="Person 4")
    assert response.status_code == 400
    assert "Zu viele Nachrichten" in response.content.decode()
    assert Actor.objects.filter(team=personas["team"]).count() == 3
    # Only a keyed hash of the address is kept.
    assert not ContactAttempt.objects.filter(client__contains="203.0.113.7").exists()


def test_new_actors_from_the_page_are_limited_per_team_and_day(personas, fast_form, settings):
    settings.KOMPASS_CONTACT_DAILY_LIMIT = 2
    kompass = public_on(personas["team"])
    for n in range(2):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        client.post(
            page_url(kompass),
            {
                "name": f"P{n}",
                "email": "p@example.org",
                "consent": "on",
                "started": contact_token(),
            },
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    response = contact(Client(), kompass)
    assert "viele Nachrichten erhalten" in response.content.decode()


def test_the_query_count_does_not_grow_with_organisations(personas, django_assert_max_num_queries):
    team = personas["team"]
    business = sector(team)
    kompass = public_on(team)
    for n in range(3):
        organisation(team, f"Org {n}", consent=True, sector_=business)
    client = Client()
    client.get(page_url(kompass))
    for n in range(3, 60):
        organisation(team, f"Org {n}", consent=True, sector_=sector(team, f"S{n}", n))
    with django_assert_max_num_queries(14):
        client.get(page_url(kompass))
