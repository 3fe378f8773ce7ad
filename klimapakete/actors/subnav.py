"""Entries of the actor map's own navigation (one list; the page areas are fixed)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from klimapakete.core.navigation import NavEntry

SUBNAV: list[NavEntry] = [
    NavEntry("actors:list", _("List"), 0),
    NavEntry("actors:grid", _("Grid"), 10),
    NavEntry("actors:network", _("Network"), 20),
    NavEntry("actors:key_persons", _("Key persons"), 30),
    NavEntry("actors:introductions", _("Introductions"), 40),
    NavEntry("actors:recruitment", _("Recruitment order"), 50),
    NavEntry("actors:pipeline", _("Ladder"), 60),
    NavEntry("actors:administration", _("Administration"), 70),
    NavEntry("actors:approach", _("Approach plan"), 72),
    NavEntry("actors:digest_settings", _("Digest mail"), 75),
    NavEntry("actors:import", _("Import and export"), 80),
    NavEntry("actors:sectors", _("Sectors"), 90),
]
