"""Panels on the team dashboard. Apps add a function ``panel(request) -> dict | None``
in ``AppConfig.ready``; the dict has ``template`` and ``context``. Each panel must run
a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[..., dict | None]
PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in PANELS:
        PANELS.append(panel)
    return panel


def panels_for(request) -> list[dict]:
    return [p for p in (panel(request) for panel in PANELS) if p]
