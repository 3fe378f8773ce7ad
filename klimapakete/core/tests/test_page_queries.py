"""Every page issues as many queries with ten times the data as with the demo data.

The walk takes the demo teams (every app's demo builder), requests every team page
(the tenant walk's list, so pages added later are included) and the pages outside the
teams (forum, library, notifications, profile, support) and counts the queries. Then
``core.scale.scale_teams`` copies every team-owned row nine times — ten times as many
actors, relationships, conversations, respondents, participants, posts, … — and the
walk repeats. A count that grows with the data is an N+1 (the actor page once issued one
query per actor of the team through a picker), so the counts must be equal.

A GET must not write either: no session save, no purge, no bookkeeping on reads.
"""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from klimapakete.core.scale import scale_teams
from klimapakete.teams.tests.test_tenant_isolation import KWARG_FIXTURES, ROUTES, route_url

FACTOR = 10

# Pages whose count still grows, with the reason and who fixes it. Keep this list short:
# an entry is a known defect, not a permission.
KNOWN_GROWTH: dict[str, str] = {}

# GET pages that still write, with the reason.
KNOWN_WRITES: dict[str, str] = {}

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _demo_context(packages) -> dict:
    from klimapakete.accounts.models import User
    from klimapakete.core import demo
    from klimapakete.teams import demo as team_demo
    from klimapakete.teams.models import Membership, Team
    from klimapakete.teams.services import invitation_create

    team_demo.demo_reset()
    context: dict = {}
    for _order, builder in demo.BUILDERS:
        builder(context=context)
    team = Team.objects.get(name="LocalZero Musterstadt")
    coordinator = User.objects.get(email=team_demo.DEMO_USERS[0][0])
    member = Membership.objects.filter(team=team, role="member").first()
    return {
        "team": team,
        "coordinator": coordinator,
        "member": member.user,
        "member_membership": member,
        "invitation": invitation_create(team=team, role="member", created_by=coordinator),
        "package": packages[0],
        "support": User.objects.get(email=team_demo.SUPPORT_USER[0]),
    }


def _outside_pages(ctx) -> list[tuple[str, str, str]]:
    """(name, url, persona) of the pages outside /t/: the forum, library, own pages."""
    from klimapakete.forum.models import Practice, Thread

    pages = [
        ("home", reverse("home"), "coordinator"),
        ("teams_list", reverse("teams_list"), "coordinator"),
        ("accounts:profile", reverse("accounts:profile"), "coordinator"),
        ("notifications:list", reverse("notifications:list"), "coordinator"),
        ("notifications:bell", reverse("notifications:bell"), "coordinator"),
        ("forum:index", reverse("forum:index"), "coordinator"),
        ("forum:search", reverse("forum:search") + "?q=Klimabeirat", "coordinator"),
        ("library:index", reverse("library:index"), "coordinator"),
        ("support:dashboard", reverse("support:dashboard"), "support"),
        ("forum:moderation", reverse("forum:moderation"), "support"),
    ]
    thread = Thread.objects.filter(posts__isnull=False).order_by("pk").first()
    if thread is not None:
        category = thread.category.slug
        pages.append(("forum:category", _url("forum:category", category), "coordinator"))
        pages.append(("forum:thread", _url("forum:thread", thread.pk), "coordinator"))
    practice = Practice.objects.filter(status="published").order_by("pk").first()
    if practice is not None:
        pages.append(("library:detail", _url("library:detail", practice.pk), "coordinator"))
    return pages


def _url(name, *args) -> str:
    return reverse(name, args=args)


def _pages(ctx) -> list[tuple[str, str, str]]:
    pages = []
    for route in ROUTES:
        if not all(p in KWARG_FIXTURES for p in route.params):
            continue
        pages.append((route.name, route_url(route, ctx), "coordinator"))
    return pages + _outside_pages(ctx)


def _measure(pages, ctx) -> dict[str, tuple[int, int, int]]:
    """name → (status, queries, writes) of a second GET (the first warms per-process
    caches such as the navigation and content)."""
    clients = {p: client_for(ctx[p]) for p in ("coordinator", "support")}
    result = {}
    for name, url, persona in pages:
        client = clients[persona]
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        writes = sum(1 for q in queries.captured_queries if WRITE.match(q["sql"]))
        result[name] = (response.status_code, len(queries), writes)
    return result


def test_every_page_costs_the_same_queries_at_ten_times_the_data(db, packages, settings):
    """One walk (building the demo data takes a while): counts, statuses and writes."""
    from klimapakete.actors.models import Actor

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    ctx = _demo_context(packages)
    pages = _pages(ctx)
    assert len(pages) > 100  # the walk reached the team pages and the forum
    actors = Actor.objects.filter(team=ctx["team"]).count()
    small = _measure(pages, ctx)
    scale_teams(FACTOR)
    assert Actor.objects.filter(team=ctx["team"]).count() == FACTOR * actors
    large = _measure(pages, ctx)

    problems = []
    for name, _url, _persona in pages:
        (status_s, count_s, _w), (status_l, count_l, writes) = small[name], large[name]
        if status_s >= 500 or status_l >= 500:
            problems.append(f"{name}: status {status_s} at 1×, {status_l} at {FACTOR}×")
        if count_l != count_s and name not in KNOWN_GROWTH:
            problems.append(f"{name}: {count_s} queries at 1×, {count_l} at {FACTOR}×")
        if name in KNOWN_GROWTH and count_l == count_s:
            problems.append(f"{name} no longer grows: take it off KNOWN_GROWTH")
        if writes and name not in KNOWN_WRITES:
            problems.append(f"{name}: {writes} writes on GET")
    assert not problems, "\n".join(problems)
