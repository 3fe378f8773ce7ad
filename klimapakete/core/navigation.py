"""The team navigation. Apps add their entries in ``AppConfig.ready``."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    url_name: str
    label: str | Promise
    order: int
    coordinator_only: bool = False


TEAM_NAV: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in TEAM_NAV):
        TEAM_NAV.append(entry)
        TEAM_NAV.sort(key=lambda e: e.order)


def _urls(slug: str) -> list[tuple[NavEntry, str]]:
    urls = []
    for entry in TEAM_NAV:
        try:
            urls.append((entry, reverse(entry.url_name, kwargs={"team_slug": slug})))
        except NoReverseMatch:
            continue
    return urls


def team_nav(request, team, membership) -> list[dict]:
    items = []
    root = reverse("teams:dashboard", kwargs={"team_slug": team.slug})
    for entry, url in _urls(team.slug):
        if entry.coordinator_only and not (membership and membership.is_coordinator):
            continue
        current = request.path == url or (url != root and request.path.startswith(url))
        items.append({"url": url, "label": entry.label, "current": current})
    return items
