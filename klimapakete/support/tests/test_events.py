"""Partner workshops for several teams: publishing (staff and partner organisations, each
only their own), registration with consent, waiting list and promotion by mail, the online
link only for registered people, calendar files, attendance, feedback and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from conftest import client_for, make_user
from klimapakete.packages.models import Step
from klimapakete.support import services
from klimapakete.support.calendar import feed_token
from klimapakete.support.models import PartnerEvent, PartnerOrganisation, Registration
from klimapakete.support.tests.factories import partner_event
from klimapakete.teams.models import Membership


def text(response) -> str:
    return " ".join(strip_tags(response.content.decode()).split())


def event_url(team, event):
    return reverse("support_team:event", args=[team.slug, event.pk])


def register(client, team, event, consent=True):
    data = {"action": "register", **({"consent": "1"} if consent else {})}
    return client.post(event_url(team, event), data)


@pytest.fixture
def partner(db):
    user = make_user("partner@example.org", "Pia Partner")
    organisation = PartnerOrganisation.objects.create(name="Schwarm for Future")
    organisation.people.add(user)
    return user


def event_form(organisation, **changes):
    starts = timezone.localtime() + timedelta(days=20)
    data = {
        "organisation": organisation.pk,
        "title": "Organizing-Gespräche üben",
        "description": "Zwei Stunden Übung in Kleingruppen.",
        "format": "online",
        "link": "https://meet.example.org/org",
        "address": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 12,
        "registration_until": (starts - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "audience": "all",
        "materials_link": "",
    }
    data.update(changes)
    return data


def test_a_partner_publishes_for_its_own_organisation_only(partner, personas):
    client = client_for(partner)
    own = PartnerOrganisation.objects.get(name="Schwarm for Future")
    other = PartnerOrganisation.objects.create(name="Mehr Demokratie e.V.")
    response = client.post(reverse("support:events"), event_form(own))
    event = PartnerEvent.objects.get(title="Organizing-Gespräche üben")
    assert response["Location"] == reverse("support:event", args=[event.pk])
    response = client.post(reverse("support:events"), event_form(other, title="Fremd"))
    assert response.status_code == 400 and not PartnerEvent.objects.filter(title="Fremd").exists()
    foreign = partner_event(organisation=other, title="Bürgerrat-Werkstatt")
    assert client.get(reverse("support:event", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("support:event_attendance", args=[foreign.pk])).status_code == 404
    listing = text(client.get(reverse("support:events")))
    assert "Organizing-Gespräche üben" in listing and "Bürgerrat-Werkstatt" not in listing
    # partners see nothing else of the support organisation
    for url in ("/support/", reverse("support:inbox"), reverse("support:rounds")):
        assert client.get(url).status_code == 404


def test_the_event_form_checks_format_and_audience(personas, support_client):
    organisation = PartnerOrganisation.objects.create(name="Mehr Demokratie e.V.")
    response = support_client.post(
        reverse("support:events"),
        event_form(organisation, link="", audience="step", format="online"),
    )
    page = text(response)
    assert "Ein Online-Workshop braucht den Link zu seinem Raum." in page
    assert "Wähle den Schritt." in page
    response = support_client.post(
        reverse("support:events"), event_form(organisation, format="in_person", address="")
    )
    assert "Ein Workshop vor Ort braucht eine Adresse." in text(response)


@pytest.mark.parametrize("persona", ["coordinator", "member", "outsider"])
def test_team_members_cannot_manage_events(personas, persona):
    event = partner_event()
    client = client_for(personas[persona])
    for url in (
        reverse("support:events"),
        reverse("support:event", args=[event.pk]),
        reverse("support:event_attendance", args=[event.pk]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert Client().get(url).status_code == 302


def test_registration_waiting_list_and_promotion_by_mail(
    personas, member_client, outsider_client, django_capture_on_commit_callbacks
):
    team, other = personas["team"], personas["other_team"]
    event = partner_event(capacity=1)
    page = text(member_client.get(event_url(team, event)))
    assert "0 von 1 Platz belegt" in page and "meet.example.org" not in page
    response = register(member_client, team, event, consent=False)
    assert response.status_code == 400
    assert "Bitte stimme zu, dass die Veranstaltenden deinen Namen und dein Team sehen." in text(
        response
    )
    register(member_client, team, event)
    page = text(member_client.get(event_url(team, event)))
    assert "Du bist angemeldet." in page and "https://meet.example.org/klimarat" in page
    register(outsider_client, other, event)
    page = text(outsider_client.get(event_url(other, event)))
    assert "Du stehst auf der Warteliste." in page and "meet.example.org" not in page

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(event_url(team, event), {"action": "cancel"})
    promoted = Registration.objects.get(user=personas["outsider"])
    assert promoted.status == "registered"
    assert [m.to for m in mail.outbox] == [[personas["outsider"].email]]
    assert "Ein Platz ist frei geworden" in mail.outbox[0].subject + mail.outbox[0].body


def test_organisers_see_name_and_team_of_registered_people_only(personas, member_client):
    team = personas["team"]
    event = partner_event()
    register(member_client, team, event)
    support_client = client_for(personas["support"])
    page = text(support_client.get(reverse("support:event", args=[event.pk])))
    assert "Mo Member (LocalZero Teststadt)" in page
    assert personas["coordinator"].name not in page
    assert personas["member"].email not in page


def test_the_audience_decides_which_teams_see_a_workshop(personas, member_client):
    team = personas["team"]  # in NW, at the first step of both packages
    first_b = Step.objects.get(package__key="klimabeirat", key="profile")
    later_b = Step.objects.get(package__key="klimabeirat", key="motion")
    fits = [
        partner_event(title="Für alle"),
        partner_event(title="Für NRW", audience="states", states=["NW"]),
        partner_event(title="Für B1", audience="step", step=first_b),
    ]
    others = [
        partner_event(title="Für Bayern", audience="states", states=["BY"]),
        partner_event(title="Für später", audience="step", step=later_b),
    ]
    listing = text(member_client.get(reverse("support_team:events", args=[team.slug])))
    for event in fits:
        assert event.title in listing
    for event in others:
        assert event.title not in listing
        assert member_client.get(event_url(team, event)).status_code == 404
    dashboard = text(member_client.get(reverse("teams:dashboard", args=[team.slug])))
    assert "Partner-Workshops für euch" in dashboard and "für Teams an Schritt B1" in dashboard
    assert "Für später" not in dashboard


def test_registration_ends_at_the_deadline(personas, member_client):
    event = partner_event(starts_in=timedelta(hours=12))  # deadline a day before: passed
    response = register(member_client, personas["team"], event)
    assert "Die Anmeldung für diesen Workshop ist beendet." in text(response)
    assert not Registration.objects.exists()


def test_calendar_files_show_the_link_only_to_registered_people(personas, member_client):
    team = personas["team"]
    event = partner_event()
    url = reverse("support_team:event_ics", args=[team.slug, event.pk])
    response = member_client.get(url)
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "meet.example.org" not in body
    register(member_client, team, event)
    assert "meet.example.org" in member_client.get(url).content.decode()
    feed = Client().get(reverse("support:event_feed", args=[feed_token(personas["member"])]))
    assert feed.status_code == 200
    feed_body = feed.content.decode()
    assert "SUMMARY:Gesprächsleitfäden für den Klimarat" in feed_body.replace("\r\n ", "")
    assert feed["Cache-Control"] and "no-store" in feed["Cache-Control"]
    assert Client().get(reverse("support:event_feed", args=["forged"])).status_code == 404


def test_attendance_materials_and_feedback_after_the_event(personas, member_client, support_client):
    team = personas["team"]
    event = partner_event(materials_link="https://example.org/folien.pdf")
    register(member_client, team, event)
    response = member_client.post(event_url(team, event), {"action": "feedback", "rating": "4"})
    assert "Rückmeldung ist möglich, sobald der Workshop vorbei ist." in text(response)
    past = timezone.now() - timedelta(days=1)
    PartnerEvent.objects.filter(pk=event.pk).update(
        starts_at=past - timedelta(hours=2),
        ends_at=past,
        registration_until=past - timedelta(days=1),
    )
    page = text(member_client.get(event_url(team, event)))
    assert "Material" in page
    member_client.post(
        event_url(team, event), {"action": "feedback", "rating": "4", "feedback": "Sehr praktisch"}
    )
    registration = Registration.objects.get()
    support_client.post(
        reverse("support:event_attendance", args=[event.pk]), {"attended": [registration.pk]}
    )
    registration.refresh_from_db()
    assert registration.attended is True and registration.rating == 4
    page = text(support_client.get(reverse("support:event", args=[event.pk])))
    assert "Durchschnitt 4,0 von 5 aus 1 Antwort" in page and "Sehr praktisch" in page


def test_reminders_go_out_once(personas, member_client, django_capture_on_commit_callbacks):
    event = partner_event(starts_in=timedelta(days=3))
    register(member_client, personas["team"], event)
    PartnerEvent.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(hours=20),
        ends_at=timezone.now() + timedelta(hours=22),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == 1
        assert services.reminders_send() == 0
    assert len(mail.outbox) == 1 and "Erinnerung" in mail.outbox[0].subject + mail.outbox[0].body


def test_the_support_dashboard_shows_upcoming_workshops_with_their_fill(
    personas, member_client, support_client
):
    event = partner_event(capacity=8)
    register(member_client, personas["team"], event)
    page = text(support_client.get("/support/"))
    assert "Gesprächsleitfäden für den Klimarat" in page and "1 von 8 Plätzen belegt" in page
    assert personas["member"].name not in page


def test_the_workshop_list_runs_a_fixed_number_of_queries(
    personas, member_client, django_assert_max_num_queries
):
    team = personas["team"]
    partner_event(title="eins")
    url = reverse("support_team:events", args=[team.slug])
    with django_assert_max_num_queries(40) as captured:
        member_client.get(url)
    small = len(captured.captured_queries)
    for i in range(8):
        event = partner_event(title=f"Workshop {i}")
        register(member_client, team, event)
    newcomer = make_user("neu@example.org", "Nele Neu")
    Membership.objects.create(team=team, user=newcomer, role="member")
    with django_assert_max_num_queries(small):
        member_client.get(url)
    staff = client_for(personas["support"])
    with django_assert_max_num_queries(small):
        staff.get(reverse("support:events"))
