"""The city administration map and the approach plan for a climate council."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from klimapakete.actors import messages as sentences
from klimapakete.actors.administration import services as svc
from klimapakete.actors.models import Actor, AdminUnit, ApproachStep, Conversation, Relationship


def url(name, team, **kwargs):
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug, **kwargs})


@pytest.fixture
def team(personas):
    return personas["team"]


def unit(team, name, kind, parent=None, order=0):
    return AdminUnit.objects.create(team=team, name=name, kind=kind, parent=parent, order=order)


@pytest.fixture
def town(team):
    """Klimstedt, a small fictitious town: council with two party groups, mayor, climate office."""
    council = unit(team, "Stadtrat", "council", order=1)
    greens = unit(team, "Fraktion Grün", "party_group", council)
    blues = unit(team, "Fraktion Blau", "party_group", council)
    mayor = unit(team, "Bürgermeister", "mayor", order=2)
    office = unit(team, "Klimaleitstelle", "climate_office", mayor)
    building = unit(team, "6 Bauen", "department", mayor)

    def actor(name, **kw):
        return Actor.objects.create(team=team, name=name, **kw)

    people = {
        "mayor": actor("Bernd Bürgermeister", unit=mayor, power=5, stance=0),
        "manager": actor("Klara Klimamanagerin", unit=office, power=2, stance=2),
        "planner": actor("Paul Planer", unit=building, power=3, stance=1),
        "green": actor("Gerda Grün", unit=greens, power=3, stance=2),
        "blue": actor("Bodo Blau", unit=blues, power=4, stance=-1),
        "ngo": actor("Nina Naturschutz", power=2, stance=2, ladder="active"),
    }
    Relationship.objects.create(
        team=team, source=people["ngo"], target=people["green"], kind="knows"
    )
    return {
        "council": council,
        "greens": greens,
        "blues": blues,
        "mayor_unit": mayor,
        "office": office,
        **people,
    }


# --------------------------------------------------------------------------- structure


def test_the_default_structure_is_created_once_with_the_kgst_departments(team, member_client):
    with translation.override("de"):
        response = member_client.post(url("administration_template", team))
    assert response.status_code == 302
    units = AdminUnit.objects.filter(team=team)
    departments = list(units.filter(kind="department").values_list("name", flat=True))
    assert [d.split()[0] for d in departments] == [str(n) for n in range(1, 9)]
    assert "1 Allgemeine Verwaltung" in departments and "8 Wirtschaft und Verkehr" in departments
    office = units.get(kind="climate_office")
    assert office.parent.kind == "mayor"
    assert units.filter(kind="company").count() == 2
    assert units.filter(kind="committee", parent__kind="council").exists()
    count = units.count()

    member_client.post(url("administration_template", team))
    assert AdminUnit.objects.filter(team=team).count() == count
    with pytest.raises(svc.AdminRuleError):
        svc.units_create_default(team=team)


def test_the_default_structure_is_english_in_an_english_ui(team):
    svc.units_create_default(team=team, language="en")
    names = set(AdminUnit.objects.filter(team=team).values_list("name", flat=True))
    assert {"City council", "2 Finance", "8 Economy and transport"} <= names


def test_the_tree_shows_units_and_the_actors_placed_in_them(team, town, member_client):
    page = member_client.get(url("administration", team)).text
    assert "Klimaleitstelle" in page and "Fraktion Grün" in page
    detail = url("detail", team, actor_id=town["manager"].pk)
    assert f'href="{detail}">Klara Klimamanagerin</a>' in page
    assert page.index("Bürgermeister") < page.index("Klimaleitstelle")


def test_an_actor_is_placed_and_taken_out(team, town, member_client):
    ngo = town["ngo"]
    response = member_client.post(
        url("unit_place", team), {"place-actor": ngo.pk, "place-unit": town["office"].pk}
    )
    assert response.status_code == 302
    ngo.refresh_from_db()
    assert ngo.unit == town["office"]
    assert ["unit"] in [c.fields for c in ngo.changes.all()]
    member_client.post(url("unit_place", team), {"place-actor": ngo.pk, "place-unit": ""})
    ngo.refresh_from_db()
    assert ngo.unit is None


def test_placing_into_another_teams_unit_is_refused(team, town, personas, member_client):
    foreign = unit(personas["other_team"], "Fremdes Amt", "department")
    member_client.post(
        url("unit_place", team), {"place-actor": town["ngo"].pk, "place-unit": foreign.pk}
    )
    town["ngo"].refresh_from_db()
    assert town["ngo"].unit is None


def test_units_are_added_edited_and_moved(team, town, member_client):
    response = member_client.post(
        url("unit_create", team),
        {
            "new-name": "Ausschuss Klima",
            "new-kind": "committee",
            "new-parent": town["council"].pk,
            "new-order": "3",
        },
    )
    assert response.status_code == 302
    committee = AdminUnit.objects.get(team=team, name="Ausschuss Klima")
    assert committee.parent == town["council"]
    response = member_client.post(
        url("unit_edit", team, unit_id=town["office"].pk),
        {"name": "Stabsstelle Klimaschutz", "kind": "climate_office", "parent": "", "order": "0"},
    )
    assert response.status_code == 302
    town["office"].refresh_from_db()
    assert town["office"].name == "Stabsstelle Klimaschutz" and town["office"].parent is None


def test_moving_a_unit_below_its_own_part_is_refused(team, town, member_client):
    council, greens = town["council"], town["greens"]
    sub = unit(team, "Arbeitskreis", "other", greens)
    response = member_client.post(
        url("unit_edit", team, unit_id=council.pk),
        {"name": "Stadtrat", "kind": "council", "parent": sub.pk, "order": "1"},
    )
    assert response.status_code == 400
    council.refresh_from_db()
    assert council.parent is None
    with pytest.raises(svc.AdminRuleError):
        svc.unit_save(team=team, unit=council, name="Rat", kind="council", parent=sub, order=1)
    with pytest.raises(svc.AdminRuleError):
        svc.unit_save(team=team, unit=council, name="Rat", kind="council", parent=council, order=1)
    council.refresh_from_db()
    assert council.parent is None


def test_a_foreign_parent_is_refused(team, town, personas, member_client):
    foreign = unit(personas["other_team"], "Fremder Rat", "council")
    response = member_client.post(
        url("unit_edit", team, unit_id=town["greens"].pk),
        {"name": "Fraktion Grün", "kind": "party_group", "parent": foreign.pk, "order": "0"},
    )
    assert response.status_code == 400
    town["greens"].refresh_from_db()
    assert town["greens"].parent == town["council"]


def test_deleting_a_unit_moves_its_parts_up_and_keeps_its_people(team, town, member_client):
    response = member_client.post(url("unit_delete", team, unit_id=town["mayor_unit"].pk))
    assert response.status_code == 302
    town["office"].refresh_from_db()
    assert town["office"].parent is None
    assert Actor.objects.filter(pk=town["mayor"].pk, unit=None).exists()


# --------------------------------------------------------------------------- approach plan


def _plan(team):
    return list(ApproachStep.objects.filter(team=team).order_by("order"))


def test_the_plan_puts_the_climate_office_before_party_groups_before_the_mayor(
    team, town, member_client
):
    response = member_client.post(url("approach_generate", team))
    assert response.status_code == 302
    steps = _plan(team)
    position = {s.actor_id: i for i, s in enumerate(steps) if s.actor_id}
    assert steps[0].actor == town["manager"] and steps[0].reason_code == "climate_office"
    assert position[town["planner"].pk] < position[town["green"].pk]  # sympathetic inside
    group_steps = [s for s in steps if s.reason_params["phase"] == "motion"]
    assert [s.unit for s in group_steps] == [town["greens"], town["blues"]]
    mayor_step = next(s for s in steps if s.reason_params["phase"] == "mayor")
    assert mayor_step.actor == town["mayor"]
    assert (
        position[town["manager"].pk]
        < steps.index(group_steps[0])
        < steps.index(group_steps[1])
        < steps.index(mayor_step)
    )
    assert steps[-1].reason_params["phase"] == "outside_pressure"
    assert steps[-1].actor == town["ngo"]


def test_the_plan_page_shows_translated_reasons(team, town, member_client, personas):
    svc.approach_generate(team=team)
    personas["member"].language = "en"
    personas["member"].save()
    page = member_client.get(url("approach", team), HTTP_ACCEPT_LANGUAGE="en").text
    assert "Klara Klimamanagerin" in page
    with translation.override("en"):
        expected = sentences.reason_sentence(
            "party_group_via_ally",
            {"unit_name": "Fraktion Grün", "members_for": 1, "members_total": 1},
        )
    assert "has sympathetic members (1 of 1)" in expected
    with translation.override("de"):
        german = sentences.reason_sentence("climate_office", {"unit_name": "Klimaleitstelle"})
    assert "Klimaleitstelle" in german


def test_every_reason_code_of_the_analysis_has_a_sentence():
    from klimapakete.actors.analysis import algorithms as analysis

    plan_codes = {
        code
        for code in analysis.REASON_TEXTS
        if code.startswith(("climate_office", "party_group", "mayor", "outside"))
        or code.endswith("_ally")
    } - {"already_ally"}
    assert plan_codes <= set(sentences.REASONS)


def test_steps_are_reordered_ticked_blocked_and_annotated(team, town, member_client):
    svc.approach_generate(team=team)
    first, second = _plan(team)[:2]
    member_client.post(url("approach_step", team, step_id=second.pk), {"move": "up"})
    assert [s.pk for s in _plan(team)[:2]] == [second.pk, first.pk]
    member_client.post(url("approach_step", team, step_id=second.pk), {"move": "down"})
    assert [s.pk for s in _plan(team)[:2]] == [first.pk, second.pk]

    member_client.post(url("approach_step", team, step_id=first.pk), {"status": "done"})
    member_client.post(url("approach_step", team, step_id=second.pk), {"status": "blocked"})
    member_client.post(
        url("approach_step", team, step_id=second.pk),
        {"has_note": "1", "note": "Wartet auf Rückruf"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "done"
    assert second.status == "blocked" and second.note == "Wartet auf Rückruf"
    # A status change without the note field keeps the note.
    member_client.post(url("approach_step", team, step_id=second.pk), {"status": "open"})
    second.refresh_from_db()
    assert second.status == "open" and second.note == "Wartet auf Rückruf"


def test_regenerating_keeps_done_steps(team, town, member_client):
    svc.approach_generate(team=team)
    manager_step = ApproachStep.objects.get(team=team, actor=town["manager"])
    svc.approach_step_update(step=manager_step, status="done", note="Termin war gut")
    planner_step = ApproachStep.objects.get(team=team, actor=town["planner"])
    svc.approach_step_update(step=planner_step, status="done")
    # The planner turns against the idea: no longer part of the plan, but the done step stays.
    Actor.objects.filter(pk=town["planner"].pk).update(stance=-1)
    member_client.post(url("approach_generate", team))
    again = ApproachStep.objects.get(team=team, actor=town["manager"])
    assert again.status == "done" and again.note == "Termin war gut"
    assert ApproachStep.objects.filter(team=team, actor=town["planner"], status="done").exists()
    assert ApproachStep.objects.filter(team=team, status="done").count() == 2
    assert ApproachStep.objects.filter(team=team, actor=town["green"], status="open").exists()


def test_units_of_kind_other_do_not_break_the_plan(team, town):
    circle = unit(team, "Arbeitskreis Energie", "other", town["council"])
    Actor.objects.create(team=team, name="Olga Other", unit=circle, stance=2, power=3)
    steps = svc.approach_generate(team=team)
    olga = next(s for s in steps if s.actor and s.actor.name == "Olga Other")
    assert olga.reason_code == "councillor_ally"


def test_the_climate_office_contact_history_is_shown(team, town, member_client, personas):
    Conversation.objects.create(
        team=team, actor=town["manager"], date=date(2026, 3, 2), ask="Klimabeirat unterstützen?"
    )
    Conversation.objects.create(
        team=team, actor=town["green"], date=date(2026, 3, 3), ask="Antrag?"
    )
    for name in ("administration", "approach"):
        page = member_client.get(url(name, team)).text
        assert "Klimabeirat unterstützen?" in page
        assert "Antrag?" not in page
        assert url("conversation_create", team, actor_id=town["manager"].pk) in page


# --------------------------------------------------------------------------- query counts


def _add_people(team, units, n):
    Actor.objects.bulk_create(
        Actor(team=team, name=f"Person {i:04d}", unit=units[i % len(units)], stance=(i % 5) - 2)
        for i in range(n)
    )


@pytest.mark.parametrize("page", ["administration", "approach"])
def test_the_pages_need_the_same_number_of_queries_for_more_actors(
    team, member_client, django_assert_max_num_queries, page
):
    svc.units_create_default(team=team)
    units = list(AdminUnit.objects.filter(team=team))
    _add_people(team, units, 20)
    svc.approach_generate(team=team)
    with CaptureQueriesContext(connection) as small:
        assert member_client.get(url(page, team)).status_code == 200
    _add_people(team, units, 180)
    svc.approach_generate(team=team)
    assert Actor.objects.filter(team=team, unit__isnull=False).count() == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert member_client.get(url(page, team)).status_code == 200
