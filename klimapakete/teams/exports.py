"""Team data export: every app contributes tables of its team-owned data.

An exporter takes a team and returns ``{table_name: [row_dict, ...]}``. Apps add
theirs to ``EXPORTERS`` in ``AppConfig.ready``; ``team_export_zip`` writes one JSON
file with everything plus one CSV per table.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from klimapakete.core.csvsafe import safe_cell

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
    tables = team_export_tables(team)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        document = {
            "exported_at": timezone.now(),
            "team": {"name": team.name, "slug": team.slug},
            "tables": tables,
        }
        archive.writestr(
            "team.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
    return buffer.getvalue()


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if not rows:
        return ""
    fieldnames = list(rows[0].keys())
    writer = csv.DictWriter(out, fieldnames=fieldnames, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {key: safe_cell("" if value is None else _plain(value)) for key, value in row.items()}
        )
    return out.getvalue()


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
