"""Exports as a zip of one JSON document and one CSV per table (formula-safe cells)."""

from __future__ import annotations

import io
import json
import zipfile

from django.core.serializers.json import DjangoJSONEncoder

from klimapakete.tables import dict_rows, write_csv


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


def _csv(rows: list[dict]) -> bytes:
    """The rows as CSV; the columns are those of every row (selections ask different
    questions, so respondents of two selections have different feature columns)."""
    if not rows:
        return b""
    header, cells = dict_rows(rows)
    return write_csv(header, cells, bom=False)
