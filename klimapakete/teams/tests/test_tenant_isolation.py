"""Every URL that takes a team, for every persona.

The walk finds all URL patterns of the project whose route contains ``team_slug``
— including those of apps added later — and requests each one as anonymous,
outsider, support staff, member and coordinator. A view that forgets the team
check answers outsiders with something other than 404 and fails here.

A new URL parameter needs an entry in ``KWARG_FIXTURES`` — below, or in the app's
``tests/tenant_fixtures.py`` — giving the value of an object of the persona team.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import client_for


@dataclass(frozen=True)
class TeamRoute:
    name: str
    params: tuple[str, ...]
    callback: Callable


def iter_team_routes(patterns=None, namespace: str = "", params=()) -> Iterator[TeamRoute]:
    """All named URL patterns below /t/<team_slug>/ (and any other route with team_slug)."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        names = tuple(getattr(entry.pattern, "converters", {}).keys()) or tuple(
            entry.pattern.regex.groupindex.keys()
        )
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_team_routes(entry.url_patterns, ns, params + names)
        elif isinstance(entry, URLPattern):
            all_params = params + names
            if "team_slug" in all_params:
                assert entry.name, f"team URL {entry.pattern} needs a name"
                yield TeamRoute(f"{namespace}{entry.name}", all_params, entry.callback)


def _first_step(ctx):
    package = ctx["package"]
    return package.steps.filter(archived=False).first()


# Values for URL parameters: objects of the persona team (``ctx`` is the personas dict).
KWARG_FIXTURES: dict[str, Callable[[dict], object]] = {
    "team_slug": lambda ctx: ctx["team"].slug,
    "membership_id": lambda ctx: ctx["member_membership"].pk,
    "invitation_id": lambda ctx: ctx["invitation"].pk,
    "package_key": lambda ctx: ctx["package"].key,
    "step_key": lambda ctx: _first_step(ctx).key,
    "item_id": lambda ctx: _first_step(ctx).items.filter(archived=False).first().pk,
}


def _app_fixtures() -> None:
    """Apps add values for their URL parameters in ``<app>/tests/tenant_fixtures.py``
    (a dict ``KWARG_FIXTURES``; each function gets the personas dict and returns the value
    of an object of ``ctx["team"]``)."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.tenant_fixtures")
        except ModuleNotFoundError:
            continue
        clash = set(module.KWARG_FIXTURES) & set(KWARG_FIXTURES)
        assert not clash, (
            f"{config.name}: URL parameter(s) {sorted(clash)} already have a fixture from "
            "another app; give the parameter an app-specific name"
        )
        KWARG_FIXTURES.update(module.KWARG_FIXTURES)


_app_fixtures()
ROUTES = sorted(iter_team_routes(), key=lambda r: r.name)
PERSONAS = ["anonymous", "outsider", "support", "member", "coordinator"]


def route_url(route: TeamRoute, ctx: dict) -> str:
    missing = [p for p in route.params if p not in KWARG_FIXTURES]
    assert not missing, (
        f"{route.name}: add a fixture for URL parameter(s) {missing} to KWARG_FIXTURES"
    )
    return reverse(route.name, kwargs={p: KWARG_FIXTURES[p](ctx) for p in route.params})


def check_access(route: TeamRoute, persona: str, method: str, ctx: dict) -> str | None:
    """Request the route as the persona; return a description of a violation, or None."""
    url = route_url(route, ctx)
    user = None if persona == "anonymous" else ctx[persona]
    client = client_for(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    status = response.status_code
    coordinator_only = getattr(route.callback, "team_access", None) == "coordinator"
    if persona == "anonymous":
        ok = status == 302 and response["Location"].startswith(reverse("accounts:login"))
        expected = "a redirect to the login page"
    elif persona in ("outsider", "support"):
        ok = status == 404
        expected = "404"
    elif persona == "member" and coordinator_only:
        ok = status == 403
        expected = "403 (coordinator only)"
    else:
        # 400: the view answered the (empty) request with a validation error
        ok = status in (200, 302, 400, 405)
        expected = "200, 302, 400 or 405"
    if ok:
        return None
    return f"{method} {url} as {persona}: got {status}, expected {expected}"


def test_there_are_team_routes():
    names = {r.name for r in ROUTES}
    assert {"teams:dashboard", "teams:members", "packages:step", "packages:item_done"} <= names


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_team_view_declares_its_access(route):
    assert getattr(route.callback, "team_access", None) in ("member", "coordinator"), (
        f"{route.name} is not wrapped in teams.access.team_view"
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_team_route_access(route, persona, method, personas, packages):
    ctx = dict(personas, package=packages[0])
    assert check_access(route, persona, method, ctx) is None


def test_the_walk_catches_a_view_without_the_check(personas, packages, settings):
    """A view that skips team_view is found and reported by the walk."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, include, path

    def careless_view(request, team_slug):
        return HttpResponse("data of every team")

    import types

    module = types.ModuleType("careless_urls")
    module.urlpatterns = [
        path("t/<slug:team_slug>/", include(([path("leak/", careless_view, name="leak")], "x")))
    ]
    import sys

    sys.modules["careless_urls"] = module
    settings.ROOT_URLCONF = "careless_urls"
    clear_url_caches()
    try:
        routes = list(iter_team_routes(get_resolver("careless_urls").url_patterns))
        assert [r.name for r in routes] == ["x:leak"]
        ctx = dict(personas, package=packages[0])
        violation = check_access(routes[0], "outsider", "GET", ctx)
        assert violation is not None and "got 200, expected 404" in violation
    finally:
        del sys.modules["careless_urls"]
        clear_url_caches()
