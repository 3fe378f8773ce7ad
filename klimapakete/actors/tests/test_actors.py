"""The actor map's own pages: list, create, inline edit, detail, relationships,
conversations, sectors, personal data, dashboard panel."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, override

from klimapakete.actors.directory import services
from klimapakete.actors.models import Actor, ActorChange, Conversation, Relationship, Sector


@pytest.fixture
def team(personas):
    team = personas["team"]
    services.sectors_ensure_defaults(team=team)
    return team


def url(name, team, **kwargs):
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug, **kwargs})


def make_actors(team, n, **extra):
    sectors = list(team.sectors.all())
    return Actor.objects.bulk_create(
        Actor(team=team, name=f"Actor {i:04d}", sector=sectors[i % len(sectors)], **extra)
        for i in range(n)
    )


def test_a_new_team_starts_with_the_six_default_sectors(personas, member_client):
    """The sectors come with the team (a team hook), not from the first page view."""
    team = personas["team"]
    names = list(team.sectors.values_list("name", flat=True))
    assert len(names) == 6 and "Stadtverwaltung" in names
    response = member_client.get(url("sectors", team))
    assert response.status_code == 200 and "Stadtverwaltung" in response.text


def test_teams_from_before_the_hook_get_the_defaults_from_the_migration(personas):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "klimapakete.actors.migrations.0004_default_sectors_for_existing_teams"
    )
    team = personas["team"]
    team.sectors.all().delete()
    migration.add_default_sectors(apps, None)
    names = list(team.sectors.values_list("name", flat=True))
    assert len(names) == 6 and "Stadtverwaltung" in names
    migration.add_default_sectors(apps, None)
    assert team.sectors.count() == 6


def test_it_lists_and_filters_actors(team, member_client):
    admin = team.sectors.get(name="Stadtverwaltung")
    Actor.objects.create(team=team, name="Lea Fischer", sector=admin, stance=2, power=3)
    Actor.objects.create(team=team, name="Thomas Keller", stance=-1, power=4)
    page = member_client.get(url("list", team)).text
    assert "Lea Fischer" in page and "Thomas Keller" in page
    page = member_client.get(url("list", team), {"sector": admin.pk}).text
    assert "Lea Fischer" in page and "Thomas Keller" not in page
    page = member_client.get(url("list", team), {"stance": "-1"}).text
    assert "Thomas Keller" in page and "Lea Fischer" not in page
    page = member_client.get(url("list", team), {"q": "fisch"}).text
    assert "Lea Fischer" in page and "Thomas Keller" not in page


def test_the_list_does_not_show_other_teams_actors(team, personas, member_client):
    Actor.objects.create(team=personas["other_team"], name="Secret Person")
    assert "Secret Person" not in member_client.get(url("list", team)).text


def test_the_list_needs_the_same_number_of_queries_for_more_actors(
    team, member_client, django_assert_max_num_queries
):
    make_actors(team, 20)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        member_client.get(url("list", team))
    make_actors(team, 200)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = member_client.get(url("list", team))
    assert response.context["page"].paginator.count == 220


def test_quick_add_creates_an_actor_with_history(team, personas, member_client):
    sector = team.sectors.first()
    response = member_client.post(
        url("create", team),
        {
            "quick": "1",
            "name": "Jonas Weber",
            "kind": "person",
            "sector": sector.pk,
            "stance": "1",
            "power": "3",
        },
    )
    assert response.status_code == 302
    actor = team.actors.get(name="Jonas Weber")
    assert actor.sector == sector and actor.stance == 1
    change = ActorChange.objects.get(actor=actor)
    assert change.created and change.user == personas["member"]


def test_quick_add_keeps_the_panel_open_for_the_next_name(team, personas, member_client):
    Actor.objects.create(team=team, name="Schon da", kind="person")
    sector = team.sectors.first()
    fields = {"quick": "1", "kind": "person", "sector": sector.pk, "stance": "0", "power": "3"}
    response = member_client.post(
        url("create", team), {**fields, "name": "Jonas Weber"}, follow=True
    )
    html = response.content.decode()
    panel = html[
        html.index('class="card quick-add"') : html.index("</summary>", html.index("quick-add"))
    ]
    assert " open" in panel.split(">")[0]
    name_input = html[html.rindex("<input", 0, html.index('name="name"')) :].split(">")[0]
    assert "autofocus" in name_input
    assert "Zurücksetzen" not in html  # not shown as a filtered list
    # a failed add keeps it open too; a plain visit of a non-empty list does not
    response = member_client.post(url("create", team), {**fields, "name": ""}, follow=True)
    html = response.content.decode()
    assert " open" in html[html.index('class="card quick-add"') :].split(">")[0]
    html = member_client.get(url("list", team)).content.decode()
    assert " open" not in html[html.index('class="card quick-add"') :].split(">")[0]


def test_the_full_form_rejects_out_of_range_values_and_foreign_sectors(
    team, personas, member_client
):
    foreign = Sector.objects.create(team=personas["other_team"], name="Fremd")
    response = member_client.post(
        url("create", team),
        {
            "kind": "person",
            "name": "X",
            "stance": "0",
            "power": "9",
            "ease": "3",
            "ladder": "identified",
            "sector": foreign.pk,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "power" in form.errors and "sector" in form.errors
    assert not team.actors.exists()


def test_inline_editing_changes_one_field_and_records_it(team, personas, member_client):
    actor = Actor.objects.create(team=team, name="Karin Vogel", power=2)
    editor = member_client.get(
        url("field", team, actor_id=actor.pk), {"field": "power"}, HTTP_HX_REQUEST="true"
    )
    assert editor.status_code == 200 and 'name="power"' in editor.text
    saved = member_client.post(
        url("field", team, actor_id=actor.pk),
        {"field": "power", "power": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and f"cell-{actor.pk}-power" in saved.text
    actor.refresh_from_db()
    assert actor.power == 5
    assert ActorChange.objects.get(actor=actor, created=False).fields == ["power"]


def test_a_saved_or_cancelled_cell_is_the_cell_the_list_shows(team, personas, member_client):
    """The inline editor swaps its answer into the list: it must be the list's own cell."""
    sector = Sector.objects.create(team=team, name="Wirtschaft & Handel", colour="#1b6ca8")
    actor = Actor.objects.create(team=team, name="Karl <Kühn>", sector=sector, stance=1)
    page = member_client.get(url("list", team)).text
    for field, value in [("sector", sector.pk), ("stance", 1), ("owner", "")]:
        saved = member_client.post(
            url("field", team, actor_id=actor.pk), {"field": field, field: value}
        )
        cancelled = member_client.get(
            url("field", team, actor_id=actor.pk), {"field": field, "cancel": "1"}
        )
        assert saved.text == cancelled.text
        assert saved.text in page, field
    assert "Karl &lt;Kühn&gt;" in saved.text and "Wirtschaft &amp; Handel" in page


def test_saving_a_stale_edit_form_does_not_undo_a_change_made_meanwhile(
    team, personas, member_client
):
    """Two people edit the same actor: the second save must not silently revert the first."""
    import re

    actor = Actor.objects.create(team=team, name="Karin Vogel", power=2, stance=0)
    page = member_client.get(url("edit", team, actor_id=actor.pk))
    loaded = re.search(r'name="loaded" value="([^"]+)"', page.text).group(1)
    # Meanwhile a colleague sets the stance inline.
    member_client.post(
        url("field", team, actor_id=actor.pk),
        {"field": "stance", "stance": "2"},
        HTTP_HX_REQUEST="true",
    )
    form = {
        "kind": "person",
        "name": "Karin Vogel",
        "stance": "0",  # what the stale form still shows
        "power": "2",
        "ease": "3",
        "ladder": "identified",
        "notes": "Mag Radwege",
        "loaded": loaded,
    }
    response = member_client.post(url("edit", team, actor_id=actor.pk), form)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # "Someone changed this actor …"
    actor.refresh_from_db()
    assert (actor.stance, actor.notes) == (2, "")
    # Saving again after the warning is a deliberate overwrite.
    form["loaded"] = response.context["loaded"]
    assert member_client.post(url("edit", team, actor_id=actor.pk), form).status_code == 302
    actor.refresh_from_db()
    assert (actor.stance, actor.notes) == (0, "Mag Radwege")


def test_inline_editing_refuses_unknown_fields_and_bad_values(team, member_client):
    actor = Actor.objects.create(team=team, name="Karin Vogel", power=2)
    response = member_client.get(url("field", team, actor_id=actor.pk), {"field": "team"})
    assert response.status_code == 400
    response = member_client.post(
        url("field", team, actor_id=actor.pk), {"field": "power", "power": "eleven"}
    )
    assert response.status_code == 200 and "errorlist" in response.text
    actor.refresh_from_db()
    assert actor.power == 2


def test_relationships_are_recorded_in_both_directions_and_checked(team, personas, member_client):
    a = Actor.objects.create(team=team, name="Aylin Demir")
    b = Actor.objects.create(team=team, name="Frank Meier")
    foreign = Actor.objects.create(team=personas["other_team"], name="Fremd")
    post = {"other": b.pk, "kind": "knows", "direction": "out", "strength": "3", "note": ""}
    member_client.post(url("relationship_create", team, actor_id=a.pk), post)
    assert Relationship.objects.filter(source=a, target=b, kind="knows").exists()
    # twice: a clear message, nothing new
    response = member_client.post(
        url("relationship_create", team, actor_id=a.pk), post, follow=True
    )
    assert Relationship.objects.count() == 1
    with override("de"):
        expected = gettext("This relationship is already recorded.")
    assert escape(expected) in response.text
    # an actor of another team cannot be chosen
    member_client.post(
        url("relationship_create", team, actor_id=a.pk), {**post, "other": foreign.pk}
    )
    assert Relationship.objects.count() == 1
    detail = member_client.get(url("detail", team, actor_id=b.pk)).text
    assert "Aylin Demir" in detail


def test_adding_a_relationship_by_htmx_keeps_the_panel_open_with_an_empty_form(team, member_client):
    lea = Actor.objects.create(team=team, name="Lea Fischer")
    petra = Actor.objects.create(team=team, name="Petra Lorenz")
    post = {"other": petra.pk, "kind": "knows", "direction": "out", "strength": "3", "note": ""}
    create = url("relationship_create", team, actor_id=lea.pk)
    response = member_client.post(create, post, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    panel = response.text
    assert "<html" not in panel and 'id="relationship-panel"' in panel  # only the section
    assert '<details class="card" open>' in panel
    relations = panel[panel.index('<ul class="relations">') : panel.index("</ul>")]
    assert "Petra Lorenz" in relations
    assert "Die Beziehung wurde erfasst." in panel
    picker = re.search(r'<input type="search" name="other_search"[^>]*>', panel).group(0)
    assert 'value=""' in picker and "autofocus" in picker  # cleared, focus back to the picker
    # a second time: the panel stays open with the problem, nothing new
    again = member_client.post(create, post, HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and '<details class="card" open>' in again.text
    assert escape("Diese Beziehung ist schon erfasst.") in again.text
    assert Relationship.objects.count() == 1
    # the next full page shows no leftover success message
    assert (
        "Die Beziehung wurde erfasst."
        not in member_client.get(url("detail", team, actor_id=lea.pk)).text
    )


def test_a_conversation_with_a_next_step_shows_on_the_dashboard(team, personas, member_client):
    actor = Actor.objects.create(team=team, name="Jonas Weber")
    due = timezone.localdate() + timedelta(days=3)
    response = member_client.post(
        url("conversation_create", team, actor_id=actor.pk),
        {
            "date": timezone.localdate().isoformat(),
            "held_by": personas["member"].pk,
            "interests_heard": "Wärmenetz",
            "ask": "Workshop",
            "answer": "Ja",
            "next_step": "Einladung schicken",
            "next_step_due": due.isoformat(),
            "next_step_owner": personas["member"].pk,
        },
    )
    assert response.status_code == 302
    dashboard = member_client.get(reverse("teams:dashboard", args=[team.slug])).text
    assert "Einladung schicken" in dashboard
    conversation = Conversation.objects.get(actor=actor)
    member_client.post(url("conversation_step_done", team, conversation_id=conversation.pk))
    dashboard = member_client.get(reverse("teams:dashboard", args=[team.slug])).text
    assert "Einladung schicken" not in dashboard


def test_a_due_date_without_a_next_step_is_refused(team, member_client):
    actor = Actor.objects.create(team=team, name="Jonas Weber")
    response = member_client.post(
        url("conversation_create", team, actor_id=actor.pk),
        {"date": timezone.localdate().isoformat(), "next_step_due": "2030-01-01"},
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert not Conversation.objects.exists()


def test_contacts_going_cold_show_on_the_dashboard(team, member_client):
    actor = Actor.objects.create(team=team, name="Nina Wolf", contact_rhythm_days=30)
    Conversation.objects.create(
        team=team, actor=actor, date=timezone.localdate() - timedelta(days=45)
    )
    Actor.objects.create(team=team, name="Fresh Contact", contact_rhythm_days=30)
    dashboard = member_client.get(reverse("teams:dashboard", args=[team.slug])).text
    assert "Nina Wolf" in dashboard and "Fresh Contact" not in dashboard


def test_the_dashboard_lists_the_most_overdue_contacts_and_counts_the_rest(team, member_client):
    today = timezone.localdate()
    for i in range(11):
        actor = Actor.objects.create(team=team, name=f"Kontakt {i:02}", contact_rhythm_days=10)
        Conversation.objects.create(team=team, actor=actor, date=today - timedelta(days=20 + i))
    dashboard = member_client.get(reverse("teams:dashboard", args=[team.slug])).text
    # The eight longest without contact are listed, most overdue first.
    shown = re.findall(r"Kontakt (\d\d)</a>", dashboard)
    assert shown == ["10", "09", "08", "07", "06", "05", "04", "03"]
    assert "und 3 weitere Kontakte, die einschlafen" in dashboard


def test_without_a_conversation_the_rhythm_counts_from_the_local_day_of_creation(
    team, member_client
):
    """Created half an hour after local midnight (the evening before in UTC)."""
    today = timezone.localdate()
    for name, days_ago in [("Heute fällig", 30), ("Gestern fällig", 31)]:
        actor = Actor.objects.create(team=team, name=name, contact_rhythm_days=30)
        created = datetime.combine(today - timedelta(days=days_ago), time(0, 30))
        Actor.objects.filter(pk=actor.pk).update(created_at=timezone.make_aware(created))
    dashboard = member_client.get(reverse("teams:dashboard", args=[team.slug])).text
    assert "Gestern fällig" in dashboard and "Heute fällig" not in dashboard


def test_personal_export_has_everything_about_a_person(team, member_client):
    person = Actor.objects.create(team=team, name="Michael Braun", email="mb@example.org")
    other = Actor.objects.create(team=team, name="Petra Lorenz")
    Conversation.objects.create(team=team, actor=person, date="2026-01-05", answer="Ja")
    Conversation.objects.create(
        team=team, actor=other, date="2026-01-06", interests_heard="Sie kennt Michael Braun gut"
    )
    response = member_client.get(url("personal_export", team, actor_id=person.pk))
    data = json.loads(response.content)
    assert data["actor"]["email"] == "mb@example.org"
    assert len(data["conversations"]) == 1
    assert len(data["mentioned_in_conversations"]) == 1


def test_deleting_a_person_removes_every_trace(team, member_client):
    person = Actor.objects.create(team=team, name="Michael Braun")
    other = Actor.objects.create(team=team, name="Petra Lorenz")
    Relationship.objects.create(team=team, source=person, target=other, kind="knows")
    Conversation.objects.create(team=team, actor=person, date="2026-01-05")
    mention = Conversation.objects.create(
        team=team, actor=other, date="2026-01-06", next_step="michael braun anrufen"
    )
    response = member_client.post(url("delete", team, actor_id=person.pk))
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=person.pk).exists()
    assert not Relationship.objects.exists()
    assert Conversation.objects.count() == 1
    mention.refresh_from_db()
    assert "braun" not in mention.next_step.lower() and "[…]" in mention.next_step


def test_sectors_can_be_added_renamed_and_removed(team, member_client):
    response = member_client.post(
        url("sectors", team),
        {"new-name": "Landwirtschaft", "new-colour": "#2e7d32", "new-order": "7"},
    )
    assert response.status_code == 302
    assert team.sectors.filter(name="Landwirtschaft").exists()
    response = member_client.post(
        url("sectors", team),
        {"new-name": "landwirtschaft", "new-colour": "#2e7d32", "new-order": "8"},
    )
    assert (
        response.status_code == 200
        and team.sectors.filter(name__iexact="landwirtschaft").count() == 1
    )
    sector = team.sectors.get(name="Landwirtschaft")
    actor = Actor.objects.create(team=team, name="Bauer Hansen", sector=sector)
    member_client.post(url("sector_delete", team, sector_id=sector.pk))
    actor.refresh_from_db()
    assert actor.sector is None


def test_team_export_contains_the_actor_map(team, coordinator_client):
    import io
    import zipfile

    Actor.objects.create(team=team, name="=cmd|' /C calc'!A0")
    response = coordinator_client.post(reverse("teams:export", args=[team.slug]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert {"actors.csv", "relationships.csv", "conversations.csv"} <= set(archive.namelist())
    assert "'=cmd" in archive.read("actors.csv").decode()


def test_a_removed_member_as_contact_owner_does_not_block_editing(team, personas, member_client):
    """Someone who left the team still named as contact owner: the actor stays editable."""
    from klimapakete.teams.models import Membership
    from klimapakete.teams.services import membership_remove

    coordinator = personas["coordinator"]
    actor = Actor.objects.create(team=team, name="Karin Vogel", power=2, owner=coordinator)
    Membership.objects.create(team=team, user=personas["outsider"], role="coordinator")
    membership_remove(membership=team.memberships.get(user=coordinator))
    saved = member_client.post(
        url("field", team, actor_id=actor.pk),
        {"field": "power", "power": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    actor.refresh_from_db()
    assert actor.power == 5


def test_dates_in_english_are_not_month_first(team, personas, member_client):
    actor = Actor.objects.create(team=team, name="Nina Wolf")
    Conversation.objects.create(
        team=team, actor=actor, date="2026-11-30", next_step="Anrufen", next_step_due="2026-12-03"
    )
    detail = url("detail", team, actor_id=actor.pk)
    german = member_client.get(detail).text
    assert "30.11.2026" in german and "03.12.2026" in german
    member = personas["member"]
    member.__class__.objects.filter(pk=member.pk).update(language="en")
    member_client.cookies["klimapakete_language"] = "en"
    english = member_client.get(detail).text
    assert "30 Nov 2026" in english and "3 Dec 2026" in english
    assert not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", english)
    listing = member_client.get(url("list", team)).text
    assert "30 Nov 2026" in listing and not re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", listing)
