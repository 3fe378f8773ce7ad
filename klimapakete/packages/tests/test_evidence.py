"""Checklist and tools do not drift apart (issue 10, part 14): an item whose tool already
holds the proof says so, links to it and offers to tick it — but only the team ticks."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from klimapakete.packages import evidence
from klimapakete.packages.models import ChecklistItem, ItemProgress


def step_page(client, team, step):
    return client.get(
        reverse(
            "packages:step",
            kwargs={"team_slug": team.slug, "package_key": "allianz", "step_key": step},
        )
    ).text


def item(step, key):
    return ChecklistItem.objects.get(step__package__key="allianz", step__key=step, key=key)


def test_every_finder_names_a_shipped_item(packages):
    for package, step, key in evidence.FINDERS:
        assert ChecklistItem.objects.filter(
            step__package__key=package, step__key=step, key=key, archived=False
        ).exists(), (package, step, key)


def test_a_generated_plan_and_a_recorded_goal_offer_their_items(coordinator_client, personas):
    from klimapakete.workshops.models import BreakoutPlan, Workshop

    team = personas["team"]
    before = step_page(coordinator_client, team, "kickoff")
    assert "Das Werkzeug zeigt" not in before
    workshop = Workshop.objects.create(
        team=team, title="Zukunftswerkstatt", date=date(2099, 5, 8), shared_goal="Klimaneutral"
    )
    BreakoutPlan.objects.create(workshop=workshop, rounds=[[["1"]]])

    page = step_page(coordinator_client, team, "kickoff")
    assert "Der Tischplan von „Zukunftswerkstatt“ ist erstellt." in page
    assert "Das gemeinsame Ziel von „Zukunftswerkstatt“ ist festgehalten." in page
    assert (
        reverse("workshops:plan", kwargs={"team_slug": team.slug, "workshop_id": workshop.pk})
        in page
    )
    assert "Bestätigen und abhaken" in page
    # Nothing ticks itself.
    assert not ItemProgress.objects.filter(team=team, done_at__isnull=False).exists()

    dashboard = coordinator_client.get(reverse("teams:dashboard", kwargs={"team_slug": team.slug}))
    assert "Die Werkzeuge zeigen 2 weitere Punkte schon als erledigt" in dashboard.text

    coordinator_client.post(
        reverse(
            "packages:item_done",
            kwargs={"team_slug": team.slug, "item_id": item("kickoff", "groups-material").pk},
        ),
        {"done": "1"},
    )
    page = step_page(coordinator_client, team, "kickoff")
    assert "Der Tischplan von „Zukunftswerkstatt“ ist erstellt." not in page
    assert "Das gemeinsame Ziel" in page
    dashboard = coordinator_client.get(reverse("teams:dashboard", kwargs={"team_slug": team.slug}))
    assert "Die Werkzeuge zeigen 1 weiteren Punkt schon als erledigt" in dashboard.text


def test_a_held_round_table_and_a_drawn_panel_are_evidence(personas):
    from klimapakete.selection.models import Selection
    from klimapakete.workshops import services

    team, other = personas["team"], personas["other_team"]
    table = services.round_table_create(team=team, title="Stammtisch", first_date=date(2026, 1, 1))
    services.meeting_create(round_table=table, starts_at=timezone.now() - timedelta(days=3))
    Selection.objects.create(team=team, title="Bürgerrat", drawn_at=timezone.now())
    items = ChecklistItem.objects.filter(step__package__key="allianz").select_related(
        "step__package"
    )
    found = {
        i.key: e for i, e in ((i, evidence.evidence_for(team, [i]).get(i.pk)) for i in items) if e
    }
    assert {"agree-rhythm", "first-meeting", "plan-residents"} <= set(found)
    assert "gelost" in found["plan-residents"].text
    # Another team's tools prove nothing for this team.
    assert evidence.evidence_for(other, items) == {}
