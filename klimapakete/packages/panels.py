"""Panels on a step page from other apps (e.g. the forum's "from other teams").

An app registers ``panel(request, step) -> dict | None`` in ``AppConfig.ready``; the dict
has ``template`` and ``context``. Each panel must run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[..., dict | None]
PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def panels_for(request, step) -> list[dict]:
    return [p for p in (panel(request, step) for panel in PANELS) if p]
