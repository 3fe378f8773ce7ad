"""The team navigation. Apps add their entries in ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.http import HttpRequest
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


# --- Sub-navigation: the tabs inside one area (the actor map, a workshop, the forum, …) ---


@dataclass(frozen=True)
class SubnavEntry:
    """One tab. It is the current page when the resolved view is ``url_name`` or matches
    one of the ``match`` patterns (``fnmatch`` on the view name, e.g. ``"forum:*"``);
    an exact name wins over a pattern. ``label`` may take the request for a label that
    names something of the team; ``show`` hides the tab from whom it does not concern."""

    label: str | Promise | Callable[[HttpRequest], str]
    url_name: str
    match: tuple[str, ...] = ()
    show: Callable[[HttpRequest], bool] | None = None


@dataclass(frozen=True)
class Subnav:
    """An area's tabs. ``team`` areas get the team's slug in every URL; further URL
    parameters come from the page (``{% subnav "workshops" workshop_id=workshop.pk %}``)."""

    key: str
    label: str | Promise
    entries: tuple[SubnavEntry, ...]
    team: bool = True


SUBNAVS: dict[str, Subnav] = {}


def subnav_register(subnav: Subnav) -> None:
    SUBNAVS[subnav.key] = subnav


def subnav_items(request: HttpRequest, subnav: Subnav, **kwargs) -> list[dict]:
    """The tabs of ``subnav`` for this request: ``url``, ``label`` and ``current``."""
    if subnav.team:
        kwargs["team_slug"] = request.team.slug
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    entries = [e for e in subnav.entries if e.show is None or e.show(request)]
    current = next((e for e in entries if e.url_name == view_name), None)
    if current is None:
        current = next(
            (e for e in entries if any(fnmatchcase(view_name, p) for p in e.match)), None
        )
    return [
        {
            "url": reverse(entry.url_name, kwargs=kwargs),
            "label": entry.label(request) if callable(entry.label) else entry.label,
            "current": entry is current,
        }
        for entry in entries
    ]
