"""Team data export: every app contributes tables of its team-owned data.

An exporter takes a team and returns ``{table_name: [row_dict, ...]}``. Apps add
theirs to ``EXPORTERS`` in ``AppConfig.ready``; ``team_export_zip`` writes one JSON
file with everything plus one CSV per table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from klimapakete.core.exports import tables_zip

Exporter = Callable[["object"], dict[str, list[dict]]]
EXPORTERS: list[Exporter] = []


def register(exporter: Exporter) -> Exporter:
    if exporter not in EXPORTERS:
        EXPORTERS.append(exporter)
    return exporter


def team_export_tables(team) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for exporter in EXPORTERS:
        tables.update(exporter(team))
    return tables


def team_export_zip(team) -> bytes:
    document = {"exported_at": timezone.now(), "team": {"name": team.name, "slug": team.slug}}
    return tables_zip(json_name="team.json", document=document, tables=team_export_tables(team))
