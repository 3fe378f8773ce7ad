"""Exports as a zip of one JSON document and one CSV per table (formula-safe cells), and
the stored files the tables name (the team export's attachments)."""

from __future__ import annotations

import io
import json
import logging
import shutil
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from django.core.serializers.json import DjangoJSONEncoder

from klimapakete.tables import dict_rows, write_csv

logger = logging.getLogger(__name__)

# (path in the archive, a stored file with ``open``: a FieldFile; or the bytes of a
# file kept in the database, as a BinaryField gives them)
ArchiveFile = tuple[str, object]


def tables_zip(*, json_name: str, document: dict, tables: dict[str, list[dict]], files=()) -> bytes:
    """``document`` (with ``tables`` under the key "tables") as JSON, and each table as CSV."""
    buffer = io.BytesIO()
    tables_zip_write(buffer, json_name=json_name, document=document, tables=tables, files=files)
    return buffer.getvalue()


def tables_zip_write(
    target: BinaryIO,
    *,
    json_name: str,
    document: dict,
    tables: dict[str, list[dict]],
    files: Iterable[ArchiveFile] = (),
) -> None:
    """Like :func:`tables_zip`, written to ``target``; ``files`` are copied in by chunks
    (stored, not compressed again: PDFs, images and office files are compressed already)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            json_name,
            json.dumps(
                {**document, "tables": tables}, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
            ),
        )
        for name, rows in tables.items():
            archive.writestr(f"{name}.csv", _csv(rows))
        for path, stored in files:
            if isinstance(stored, bytes | bytearray | memoryview):
                info = zipfile.ZipInfo(path)
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, bytes(stored))
                continue
            try:
                source = stored.open("rb")
            except FileNotFoundError:
                # The row outlived its file (restored database, lost volume): the table
                # still names it; the rest of the export must not fail for it.
                logger.warning("export: stored file %s is missing", stored.name)
                continue
            info = zipfile.ZipInfo(path)
            info.compress_type = zipfile.ZIP_STORED
            with source, archive.open(info, "w", force_zip64=True) as sink:
                shutil.copyfileobj(source, sink, 64 * 1024)


def _csv(rows: list[dict]) -> bytes:
    """The rows as CSV; the columns are those of every row (selections ask different
    questions, so respondents of two selections have different feature columns)."""
    if not rows:
        return b""
    header, cells = dict_rows(rows)
    return write_csv(header, cells, bom=False)
