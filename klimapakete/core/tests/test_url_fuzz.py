"""Every URL pattern with hostile values in its parameters answers without a 500.

Run on PostgreSQL too (it refuses NUL bytes in text, where SQLite does not).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

HOSTILE = [
    "ab%00cd",
    "%00",
    "x" * 3000,
    "%C3%A4%F0%9F%8C%8D",
    "%FF%FE",
    "a%20b",
    "..%2F..",
    "%E2%80%AE",
]
PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")


def routes(patterns=None, prefix: str = "") -> list[str]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("^"):
            found.append(prefix + route)
    return sorted({r for r in found if "admin/" not in r})


def fill(route: str, target: str, value: str, team_slug: str) -> str:
    def one(match):
        conv, name = match.group("conv") or "str", match.group("name")
        if name == target:
            return value
        if name == "team_slug":
            return team_slug
        return "1" if conv == "int" else "abc"

    return "/" + PARAM.sub(one, route)


def test_token_urls_with_nul_bytes_are_not_found(client, db):
    # (/invite/ keeps its own page for unknown links, tested in teams)
    for prefix in (
        "/r/",
        "/v/",
        "/w/",
        "/invite/",
        "/notifications/unsubscribe/",
        "/mail/unsubscribe/",
    ):
        assert client.get(f"{prefix}ab%00cd/").status_code == 404, prefix
    assert client.get("/ical/ab%00cd.ics").status_code == 404
    assert client.get("/v/ab%00cd/distribution.csv").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_no_url_pattern_answers_500_to_hostile_parameters(personas, who):
    client = Client(raise_request_exception=False)
    if who == "coordinator":
        client.force_login(personas["coordinator"])
    slug = personas["team"].slug
    failures = []
    for route in routes():
        for match in PARAM.finditer(route):
            if match.group("name") == "team_slug" and who == "anonymous":
                continue
            for value in HOSTILE:
                url = fill(route, match.group("name"), value, slug)
                status = client.get(url).status_code
                if status >= 500:
                    failures.append((url[:120], status))
    assert failures == []
