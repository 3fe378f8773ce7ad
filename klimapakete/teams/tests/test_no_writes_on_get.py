"""No page writes to the database when it is only looked at (issue 9 §6).

Every team URL of the project (the tenant walk's list, so new apps are included) is
requested with GET as a member and as a coordinator, and every public URL without
parameters as an anonymous visitor and as a member; the queries are recorded and any
INSERT, UPDATE or DELETE fails the test. The session table is not counted: logging in
and flash messages are the session's business, not the page's. Nor is the database cache's
table: a page may keep what it computed (analysis, rate counters) in the shared cache.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import client_for
from klimapakete.teams.tests.test_tenant_isolation import ROUTES, route_url

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
NOT_COUNTED = ("django_session", "klimapakete_cache")
# Monitoring answers 503 while no worker runs (as in the tests): the right answer there.
UNAVAILABLE_IS_AN_ANSWER = {"healthz_worker"}


def _writes(queries) -> list[str]:
    return [
        q["sql"][:160]
        for q in queries
        if WRITE.match(q["sql"]) and not any(t in q["sql"] for t in NOT_COUNTED)
    ]


def _public_routes(patterns=None, namespace: str = ""):
    """Named URL patterns without parameters (and not below a team)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        params = getattr(entry.pattern, "converters", {}) or entry.pattern.regex.groupindex
        if params:
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _public_routes(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


PUBLIC = sorted(set(_public_routes()) - {"accounts:logout"})


@pytest.mark.parametrize("persona", ["member", "coordinator"])
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_team_pages_do_not_write_on_get(route, persona, personas, packages):
    ctx = dict(personas, package=packages[0])
    url = route_url(route, ctx)
    client = client_for(ctx[persona])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500
    assert _writes(queries) == [], f"GET {url} as {persona} writes"


@pytest.mark.parametrize("persona", ["anonymous", "member"])
@pytest.mark.parametrize("name", PUBLIC)
def test_public_pages_do_not_write_on_get(name, persona, personas):
    client = client_for(None if persona == "anonymous" else personas[persona])
    url = reverse(name)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code < 500 or (
        name in UNAVAILABLE_IS_AN_ANSWER and response.status_code == 503
    )
    assert _writes(queries) == [], f"GET {url} as {persona} writes"


def test_the_check_catches_a_write_on_get(personas):
    """A view that creates something when looked at is reported."""
    from klimapakete.teams.models import Invitation
    from klimapakete.teams.services import invitation_create

    with CaptureQueriesContext(connection) as queries:
        invitation_create(team=personas["team"], role="member", created_by=personas["member"])
        Invitation.objects.filter(team=personas["team"]).count()
    assert len(_writes(queries)) == 1
