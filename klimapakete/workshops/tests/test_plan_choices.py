"""The breakout planner chooses the number of tables, says so, and gives advice that is true.

Issue 10, point 6: 21 people, "5 per table", 4 rounds made 4 tables of 5–6 with
five pairs meeting in all four rounds, and the hint "larger tables or fewer
rounds" was wrong. The pages are German, as a new team sees them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klimapakete.workshops import services
from klimapakete.workshops.models import BreakoutPlan
from klimapakete.workshops.tests.test_workshops import make_actors


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


@pytest.fixture
def workshop21(personas):
    team = personas["team"]
    make_actors(team, sizes=(5, 4, 4, 3, 3, 2))
    ws = services.workshop_create(
        team=team, title="Auftakt", date=timezone.localdate() + timedelta(days=10), place="VHS"
    )
    services.participants_add_actors(workshop=ws, actors=team.actors.all())
    assert ws.participants.count() == 21
    return ws


def plan_page(client, workshop) -> str:
    response = client.get(url("workshops:plan", workshop.team, workshop_id=workshop.pk))
    assert response.status_code == 200
    return response.text


def test_21_people_in_tables_of_5_get_5_tables_and_no_repeats(coordinator_client, workshop21):
    team = workshop21.team
    response = coordinator_client.post(
        url("workshops:plan", team, workshop_id=workshop21.pk), {"rounds": 4, "group_size": 5}
    )
    assert response.status_code == 302
    plan = BreakoutPlan.objects.get(workshop=workshop21)
    assert len(plan.rounds[0]) == 5
    assert plan.metrics["repeated_pairs"] == 0
    page = plan_page(coordinator_client, workshop21)
    # The page says it deviates from round(21 / 5) = 4 tables, and why.
    notice = page.split('id="table-count"')[1].split("</div>")[0]
    assert "etwa 5 Personen pro Tisch" in notice
    assert "5 Tische statt 4" in notice
    assert "weniger wiederholte Begegnungen" in notice
    assert "mindestens 15" in page or ">15<" in page  # 4 tables: five pairs meet four times
    assert 'id="metric-repeated">0<' in page
    assert "optimal" in page.split('id="metric-repeated"')[1].split("</dd>")[0]
    # No advice for a plan without repeats, and not the old wrong hint.
    assert 'id="advice"' not in page
    assert "Größere Tische" not in page


def test_following_the_advice_improves_the_plan(coordinator_client, workshop21):
    team = workshop21.team
    coordinator_client.post(
        url("workshops:plan", team, workshop_id=workshop21.pk), {"rounds": 7, "group_size": 5}
    )
    plan = BreakoutPlan.objects.get(workshop=workshop21)
    before = plan.metrics["repeated_pairs"]
    assert before > 0  # more rounds than can be free of repeats
    page = plan_page(coordinator_client, workshop21)
    advice = page.split('id="advice"')[1].split("</ul>")[0]
    forms = advice.split("<form")[1:]
    assert forms
    for form in forms:
        data = {
            name: value
            for name, value in (
                (part.split('name="')[1].split('"')[0], part.split('value="')[1].split('"')[0])
                for part in form.split("<input")[1:]
                if 'type="hidden"' in part and "csrfmiddlewaretoken" not in part
            )
        }
        response = coordinator_client.post(
            url("workshops:plan", team, workshop_id=workshop21.pk), data
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.metrics["repeated_pairs"] < before, (data, plan.metrics)


def test_strict_sectors_is_a_real_rule_of_the_solver(coordinator_client, workshop21):
    team = workshop21.team
    clashes = {}
    for strict in (False, True):
        data = {"rounds": 5, "group_size": 4}
        if strict:
            data["strict_sectors"] = "on"
        response = coordinator_client.post(
            url("workshops:plan", team, workshop_id=workshop21.pk), data
        )
        assert response.status_code == 302
        plan = BreakoutPlan.objects.get(workshop=workshop21)
        clashes[strict] = plan.metrics["sector_clashes_over_one"]
    # Nobody sits with someone of their own sector, in any round.
    sector = {str(p.pk): p.sector_id for p in workshop21.participants.all()}
    for rnd in plan.rounds:
        for table in rnd:
            sectors = [sector[pid] for pid in table]
            assert len(sectors) == len(set(sectors))
    assert clashes[True] == 0
    assert clashes[True] <= clashes[False]


def test_a_swap_that_adds_a_repeat_loses_the_optimal_mark(coordinator_client, workshop21):
    team = workshop21.team
    plan = services.plan_generate(workshop=workshop21, rounds=3, group_size=5, seed=1)
    assert plan.metrics["repeated_pairs"] == 0
    # Put someone in round 2 at the table of their round-1 neighbour.
    a, buddy = plan.rounds[0][0][:2]
    tables2 = {pid: g for g, group in enumerate(plan.rounds[1]) for pid in group}
    target = tables2[buddy]
    b = next(pid for pid in plan.rounds[1][target] if pid != buddy)
    coordinator_client.post(
        url("workshops:plan_swap", team, workshop_id=workshop21.pk),
        {"round_number": 2, "first": a, "second": b},
    )
    plan.refresh_from_db()
    assert plan.metrics["repeated_pairs"] >= 1
    assert plan.metrics["bounds"]["repeated_pairs"] == 0  # the bound stays
    page = plan_page(coordinator_client, workshop21)
    assert "optimal" not in page.split('id="metric-repeated"')[1].split("</dd>")[0]
