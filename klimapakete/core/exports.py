"""Exports as a zip of one JSON document and one CSV per table (formula-safe cells)."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder

from klimapakete.core.csvsafe import safe_cell


def tables_zip(*, json_name: str, document: dict, tables: dict[str, list[dict]]) -> bytes:
    """``document`` (with ``tables`` under the key "tables") as JSON, and each table as CSV."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            json_name,
            json.dumps(
                {**document, "tables": tables}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
            ),
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
