"""Entries of the actor map's own navigation; each part adds its pages here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from klimapakete.core.navigation import NavEntry

SUBNAV: list[NavEntry] = [
    NavEntry("actors:list", _("List"), 0),
    NavEntry("actors:administration", _("Administration"), 70),
    NavEntry("actors:approach", _("Approach plan"), 72),
    NavEntry("actors:digest_settings", _("Digest mail"), 75),
    NavEntry("actors:sectors", _("Sectors"), 90),
]


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in SUBNAV):
        SUBNAV.append(entry)
        SUBNAV.sort(key=lambda e: e.order)
