"""No page writes to the database when it is only looked at (issue 9 §6).

Every team URL of the project (the tenant walk's list, so new apps are included) is
requested with GET as a member and as a coordinator, and every public URL as an anonymous
visitor, as a member and as support staff — URLs with parameters filled with objects of
the persona team (the tenant walk's fixtures, and ``PUBLIC_KWARGS`` below for parameters
outside a team); the queries are recorded and any INSERT, UPDATE or DELETE fails the test.
The session table is not counted: logging in and flash messages are the session's business,
not the page's. Nor is the database cache's
table: a page may keep what it computed (analysis, rate counters) in the shared cache.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import client_for
from klimapakete.teams.tests.test_tenant_isolation import KWARG_FIXTURES, ROUTES, route_url

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


def _public_routes(patterns=None, namespace: str = "", params: tuple = ()):
    """Named URL patterns not below a team, with the names of their parameters."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        names = tuple(getattr(entry.pattern, "converters", {}) or entry.pattern.regex.groupindex)
        if "team_slug" in names:
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _public_routes(entry.url_patterns, ns, params + names)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", params + names


# Django's admin (staff only, Django's own code) and the password reset link (Django's view
# checks a one-time token and redirects) are not walked.
NOT_WALKED = ("admin:", "accounts:password_reset_confirm")
ALL_PUBLIC = dict(
    (name, params)
    for name, params in _public_routes()
    if not name.startswith(NOT_WALKED) and name != "accounts:logout"
)
PUBLIC = sorted(name for name, params in ALL_PUBLIC.items() if not params)
WITH_PARAMS = sorted(name for name, params in ALL_PUBLIC.items() if params)


def _thread(ctx):
    from klimapakete.forum.models import Category, Thread
    from klimapakete.forum.services import categories_sync, post_create, thread_create

    thread = Thread.objects.filter(title="Walk thread").first()
    if thread is None:
        categories_sync()
        thread = thread_create(
            user=ctx["member"],
            team=ctx["team"],
            category=Category.objects.filter(step__isnull=False).first(),
            title="Walk thread",
            body="Wie findet ihr Schlüsselakteure?",
        )
        post_create(user=ctx["outsider"], thread=thread, body="@member so: …")
    return thread


def _post(ctx):
    return _thread(ctx).posts.order_by("created_at").first()


def _report(ctx):
    from klimapakete.forum.moderation.services import report_create

    post = _post(ctx)
    return post.reports.first() or report_create(user=ctx["outsider"], post=post, reason="spam")


def _practice(ctx):
    from klimapakete.forum.library.services import practice_create
    from klimapakete.forum.models import Practice

    return Practice.objects.filter(team=ctx["team"]).first() or practice_create(
        user=ctx["member"], team=ctx["team"], title="Walk practice", body="So ging es."
    )


def _attachment(ctx):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from klimapakete.forum.library.services import attachment_add

    practice = _practice(ctx)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 walk", content_type="application/pdf")
    return practice.attachments.first() or attachment_add(
        user=ctx["member"], practice=practice, upload=upload
    )


def _notification(ctx):
    from klimapakete.notifications.models import Notification

    _thread(ctx)  # the outsider's answer notifies the member
    return Notification.objects.filter(recipient=ctx["member"]).first()


def _round(ctx):
    return KWARG_FIXTURES["support_round_id"](ctx)


def _need(ctx):
    from klimapakete.support.models import Need

    return Need.objects.filter(round_id=_round(ctx)).first().pk


def _kompass_slug(ctx):
    from klimapakete.kompass import services
    from klimapakete.kompass.models import Kompass

    kompass = services.kompass_ensure(team=ctx["team"])
    Kompass.objects.filter(pk=kompass.pk).update(public=True, public_slug="walk-kompass")
    return "walk-kompass"


def _selection_token(field: str):
    def make(ctx):
        from klimapakete.selection.tests.tenant_fixtures import _selection

        return getattr(_selection(ctx), field)

    return make


def _participant_token(ctx):
    from klimapakete.workshops.tests.tenant_fixtures import _participant

    return _participant(ctx).token


def _calendar_token(ctx):
    from klimapakete.workshops.services import calendar_feed_for

    return calendar_feed_for(ctx["team"]).token


def _unsubscribe_token(ctx):
    from klimapakete.notifications.tokens import unsubscribe_token

    return unsubscribe_token(ctx["member"])


def _event_feed_token(ctx):
    from klimapakete.support.calendar import feed_token

    return feed_token(ctx["member"])


def _outsider_unsubscribe_token(ctx):
    from klimapakete.core.outsiders import opt_out_token

    return opt_out_token(team_id=ctx["team"].pk, email="gast@example.org")


def _address_confirm_token(ctx):
    from django.core import signing

    from klimapakete.workshops import invitees

    return signing.dumps(
        {"t": ctx["team"].pk, "e": "gast@example.org"}, salt=invitees.SALT, compress=True
    )


def _signup_token(ctx):
    from klimapakete.accounts.services import _signup_token

    return _signup_token(ctx["member"])


# Parameters of URLs outside a team, by route where a name (``token``, ``slug``) means
# different things, else by parameter; the rest come from the tenant walk's fixtures.
PUBLIC_KWARGS: dict[str, Callable[[dict], object]] = {
    "slug": lambda ctx: _thread(ctx).category.slug,
    "thread_id": lambda ctx: _thread(ctx).pk,
    "post_id": lambda ctx: _post(ctx).pk,
    "report_id": lambda ctx: _report(ctx).pk,
    "category_id": lambda ctx: _thread(ctx).category.pk,
    "practice_id": lambda ctx: _practice(ctx).pk,
    "attachment_id": lambda ctx: _attachment(ctx).pk,
    "notification_id": lambda ctx: _notification(ctx).pk,
    "round_id": _round,
    "need_id": _need,
    "event_id": lambda ctx: KWARG_FIXTURES["partner_event_id"](ctx),
    "public_slug": _kompass_slug,
    "invitation:token": lambda ctx: ctx["invitation"].token,
    "workshop_personal:token": _participant_token,
    "roundtable_ical:token": _calendar_token,
    "notifications:unsubscribe:token": _unsubscribe_token,
    "support:event_feed:token": _event_feed_token,
    "outsider_unsubscribe:token": _outsider_unsubscribe_token,
    "workshops_address_confirm:token": _address_confirm_token,
    "accounts:signup_confirm:token": _signup_token,
    "selection_public:register:token": _selection_token("registration_token"),
    "selection_public:verify:token": _selection_token("verification_token"),
    "selection_public:verify_distribution:token": _selection_token("verification_token"),
    "selection_public:verify_lottery:token": _selection_token("verification_token"),
}


def public_url(name: str, ctx: dict) -> str:
    kwargs = {}
    for param in ALL_PUBLIC[name]:
        make = (
            PUBLIC_KWARGS.get(f"{name}:{param}")
            or PUBLIC_KWARGS.get(param)
            or KWARG_FIXTURES.get(param)
        )
        assert make, f"{name}: add a value for URL parameter {param!r} to PUBLIC_KWARGS"
        kwargs[param] = make(ctx)
    return reverse(name, kwargs=kwargs)


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


@pytest.mark.parametrize("persona", ["anonymous", "member", "support"])
@pytest.mark.parametrize("name", PUBLIC + WITH_PARAMS)
def test_public_pages_do_not_write_on_get(name, persona, personas, packages):
    ctx = dict(personas, package=packages[0])
    url = public_url(name, ctx)
    client = client_for(None if persona == "anonymous" else personas[persona])
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


def test_pages_with_parameters_are_walked():
    """A thread page (read markers) and the feeds are among the pages looked at."""
    assert {"forum:thread", "library:detail", "roundtable_ical", "support:event_feed"} <= set(
        WITH_PARAMS
    )
