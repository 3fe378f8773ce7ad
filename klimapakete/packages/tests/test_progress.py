"""Adopting packages, ticking and planning checklist items, the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from conftest import client_for, make_user
from klimapakete.packages.models import Adoption, ChecklistItem, ItemProgress, Package, Step
from klimapakete.packages.services import item_plan, item_set_done
from klimapakete.teams.models import Membership
from klimapakete.teams.services import team_create


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


def first_items(package: Package, n: int = 1) -> list[ChecklistItem]:
    return list(
        ChecklistItem.objects.filter(step__package=package, archived=False).order_by(
            "step__order", "order"
        )[:n]
    )


@pytest.fixture
def allianz(packages) -> Package:
    return Package.objects.get(key="allianz")


def step_url(team, step: Step) -> str:
    return url("packages:step", team, package_key=step.package.key, step_key=step.key)


# Adopting


def test_a_coordinator_adopts_a_package(coordinator_client, personas, allianz):
    team = personas["team"]
    Adoption.objects.filter(team=team).delete()
    response = coordinator_client.post(url("packages:adopt", team, package_key="allianz"))
    assert response["Location"] == url("packages:detail", team, package_key="allianz")
    adoption = Adoption.objects.get(team=team, package=allianz)
    assert adoption.adopted_by == personas["coordinator"]


def test_a_member_cannot_adopt(member_client, personas):
    team = personas["team"]
    Adoption.objects.filter(team=team).delete()
    response = member_client.post(url("packages:adopt", team, package_key="allianz"))
    assert response.status_code == 403
    assert not Adoption.objects.filter(team=team).exists()


def test_items_of_a_package_not_adopted_cannot_be_ticked(member_client, personas, allianz):
    team = personas["team"]
    Adoption.objects.filter(team=team, package=allianz).delete()
    [item] = first_items(allianz)
    response = member_client.post(url("packages:item_done", team, item_id=item.pk), {"done": "1"})
    assert response.status_code == 404
    assert not ItemProgress.objects.filter(team=team).exists()


def test_dropping_a_package_keeps_ticks(coordinator_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    item_set_done(team=team, item=item, user=personas["coordinator"], done=True)
    coordinator_client.post(url("packages:drop", team, package_key="allianz"))
    assert not Adoption.objects.filter(team=team, package=allianz).exists()
    coordinator_client.post(url("packages:adopt", team, package_key="allianz"))
    assert ItemProgress.objects.get(team=team, item=item).is_done


def test_an_unknown_package_or_step_is_404(member_client, personas):
    team = personas["team"]
    assert member_client.get(url("packages:detail", team, package_key="nope")).status_code == 404
    response = member_client.get(url("packages:step", team, package_key="allianz", step_key="nope"))
    assert response.status_code == 404


# Ticking


def test_a_member_ticks_and_unticks_an_item(member_client, personas, allianz):
    team, member = personas["team"], personas["member"]
    [item] = first_items(allianz)
    response = member_client.post(url("packages:item_done", team, item_id=item.pk), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{step_url(team, item.step)}#item-{item.pk}"
    progress = ItemProgress.objects.get(team=team, item=item)
    assert progress.done_by == member
    assert timezone.now() - progress.done_at < timedelta(minutes=1)
    page = member_client.get(step_url(team, item.step)).content.decode()
    assert "Mo Member" in page

    member_client.post(url("packages:item_done", team, item_id=item.pk), {"done": "0"})
    progress.refresh_from_db()
    assert progress.done_at is None and progress.done_by is None


def test_ticking_twice_keeps_who_and_when(member_client, coordinator_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    member_client.post(url("packages:item_done", team, item_id=item.pk), {"done": "1"})
    first = ItemProgress.objects.get(team=team, item=item)
    coordinator_client.post(url("packages:item_done", team, item_id=item.pk), {"done": "1"})
    again = ItemProgress.objects.get(team=team, item=item)
    assert (again.done_by, again.done_at) == (first.done_by, first.done_at)


def test_an_htmx_tick_returns_the_item_fragment(member_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    response = member_client.post(
        url("packages:item_done", team, item_id=item.pk), {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{item.pk}"')
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert 'name="done" value="0"' in html
    assert "Mo Member" in html


def test_ticks_are_per_team(outsider_client, member_client, personas, allianz):
    [item] = first_items(allianz)
    member_client.post(url("packages:item_done", personas["team"], item_id=item.pk), {"done": "1"})
    assert not ItemProgress.objects.filter(team=personas["other_team"]).exists()
    page = outsider_client.get(step_url(personas["other_team"], item.step)).content.decode()
    assert "Mo Member" not in page


# Planning


def test_a_member_assigns_an_item_with_due_date_and_note(member_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    due = timezone.localdate() + timedelta(days=7)
    response = member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": personas["coordinator"].pk, "due_date": due.isoformat(), "note": "Anrufen"},
    )
    assert response.status_code == 302
    progress = ItemProgress.objects.get(team=team, item=item)
    assert (progress.assignee, progress.due_date, progress.note) == (
        personas["coordinator"],
        due,
        "Anrufen",
    )
    assert not progress.is_done


def test_planning_with_htmx_returns_the_fragment(member_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    response = member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": "", "due_date": "", "note": "Notiz <b>fett</b>"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<li id="item-{item.pk}"')
    assert "Notiz &lt;b&gt;fett&lt;/b&gt;" in html


@pytest.mark.parametrize("due", ["31.02.2025", "not a date", "2025-13-01", "9" * 300])
def test_an_invalid_date_gives_a_message(member_client, personas, allianz, due):
    team = personas["team"]
    [item] = first_items(allianz)
    response = member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": "", "due_date": due, "note": ""},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not ItemProgress.objects.filter(team=team, item=item).exists()


def test_items_cannot_be_assigned_to_outsiders(member_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    response = member_client.post(
        url("packages:item_plan", team, item_id=item.pk),
        {"assignee": personas["outsider"].pk, "due_date": "", "note": ""},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not ItemProgress.objects.filter(team=team, assignee=personas["outsider"]).exists()


# Dashboard


def test_the_dashboard_shows_progress_overdue_next_steps_and_my_items(
    member_client, personas, allianz
):
    team, member = personas["team"], personas["member"]
    a, b, c, d = first_items(allianz, 4)
    item_set_done(team=team, item=a, user=member, done=True)
    yesterday = timezone.localdate() - timedelta(days=1)
    item_plan(team=team, item=b, assignee=personas["coordinator"], due_date=yesterday, note="")
    item_plan(team=team, item=c, assignee=member, due_date=None, note="")
    response = member_client.get(url("teams:dashboard", team))
    assert response.status_code == 200
    ctx = response.context
    allianz_progress = next(p for p in ctx["progress"] if p.package == allianz)
    assert allianz_progress.done == 1
    assert (
        allianz_progress.total
        == ChecklistItem.objects.filter(step__package=allianz, archived=False).count()
    )
    assert [p.item for p in ctx["overdue"]] == [b]
    assert [p.item for p in ctx["mine"]] == [c]
    next_items = [item for item, _p in ctx["next_items"]]
    assert a not in next_items and b in next_items
    assert {item.step.package.key for item in next_items} == {"allianz", "klimabeirat"}
    html = response.content.decode()
    for item in (b, c):
        assert f"#item-{item.pk}" in html


def test_a_done_item_is_not_overdue(member_client, personas, allianz):
    team = personas["team"]
    [item] = first_items(allianz)
    item_plan(
        team=team,
        item=item,
        assignee=None,
        due_date=timezone.localdate() - timedelta(days=3),
        note="",
    )
    item_set_done(team=team, item=item, user=personas["member"], done=True)
    assert member_client.get(url("teams:dashboard", team)).context["overdue"] == []


def test_the_dashboard_of_a_team_without_packages(member_client, personas):
    Adoption.objects.filter(team=personas["team"]).delete()
    response = member_client.get(url("teams:dashboard", personas["team"]))
    assert response.status_code == 200
    assert response.context["progress"] == []
    assert url("packages:list", personas["team"]) in response.content.decode()


# Tools of a step


def test_a_step_whose_tool_does_not_exist_shows_no_tool_link(member_client, personas, allianz):
    team = personas["team"]
    Step.objects.filter(package=allianz).update(tool="nothing:here")
    step = allianz.steps.first()
    response = member_client.get(step_url(team, step))
    assert response.status_code == 200
    assert response.context["tool_url"] == ""
    html = response.content.decode()
    assert "nothing" not in html
    assert 'class="button"' not in html


def test_a_step_whose_tool_exists_links_to_it(member_client, personas, allianz):
    team = personas["team"]
    step = allianz.steps.first()
    Step.objects.filter(pk=step.pk).update(tool="teams:members")
    response = member_client.get(step_url(team, step))
    assert response.context["tool_url"] == url("teams:members", team)
    assert f'href="{url("teams:members", team)}"' in response.content.decode()


def test_no_page_links_to_a_missing_tool(member_client, personas):
    """Every href on the step pages of the shipped content resolves."""
    team = personas["team"]
    for step in Step.objects.filter(archived=False).select_related("package"):
        html = member_client.get(step_url(team, step)).content.decode()
        for href in re.findall(r'href="(/[^"#?]*)', html):
            try:
                resolve(href)
            except Resolver404:
                if not href.startswith("/static/"):
                    pytest.fail(f"{step}: dead link {href}")


# Query counts do not grow with the data


def _grow(team, packages, members: int) -> None:
    """Add members and give every item of every package some progress."""
    coordinator = team.memberships.get(role="coordinator").user
    users = [make_user(f"m{n}@example.org", f"Member {n}") for n in range(members)]
    Membership.objects.bulk_create(Membership(team=team, user=u) for u in users)
    today = timezone.localdate()
    for n, item in enumerate(ChecklistItem.objects.filter(archived=False)):
        user = users[n % len(users)]
        if n % 3 == 0:
            item_set_done(team=team, item=item, user=user, done=True)
        else:
            item_plan(
                team=team,
                item=item,
                assignee=user if n % 2 else coordinator,
                due_date=today - timedelta(days=n % 5 - 2),
                note=f"Notiz {n}",
            )


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_pages_use_a_constant_number_of_queries(personas, packages):
    team = personas["team"]
    client = client_for(personas["coordinator"])
    allianz = Package.objects.get(key="allianz")
    step = allianz.steps.first()
    pages = [
        url("teams:dashboard", team),
        url("packages:list", team),
        url("packages:detail", team, package_key="allianz"),
        step_url(team, step),
        url("teams:members", team),
    ]
    # Warm up (sessions, content types), then measure with little and with much data.
    for path in pages:
        client.get(path)
    small = {path: _count(client, path) for path in pages}
    _grow(team, packages, members=12)
    large = {path: _count(client, path) for path in pages}
    assert large == small
    # A sanity bound: the dashboard gathers panels of every app (a few queries each) and
    # asks each checklist evidence finder once (packages.evidence, one query each).
    assert max(small.values()) <= 55, small


def test_the_support_overview_uses_a_constant_number_of_queries(personas, packages):
    client = client_for(personas["support"])
    path = reverse("support:dashboard")
    client.get(path)
    small = _count(client, path)
    _grow(personas["team"], packages, members=3)
    for n in range(5):
        team_create(
            user=personas["support"], name=f"Extra {n}", municipality="X", federal_state="BE"
        )
    assert _count(client, path) == small


def test_anonymous_visitors_are_sent_to_login(personas):
    response = Client().get(url("packages:list", personas["team"]))
    assert response.status_code == 302
