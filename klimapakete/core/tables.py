"""The table layer in the apps: limits from the settings, uploads, labels, warnings."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import translation

from klimapakete.core.messages import TABLE_MESSAGES
from klimapakete.tables import Column, Limits, Table, TableError, read_table


def upload_limits() -> Limits:
    """The limits every upload is read within (settings ``TABLE_*``, see README)."""
    return Limits(
        max_bytes=settings.TABLE_MAX_MB * 1024 * 1024,
        max_unpacked=settings.TABLE_MAX_UNPACKED_MB * 1024 * 1024,
        max_rows=settings.TABLE_MAX_ROWS,
        max_columns=settings.TABLE_MAX_COLUMNS,
        max_cell=min(settings.TABLE_MAX_CELL, 131_072),  # the csv module's own limit
        seconds=settings.TABLE_READ_SECONDS,
    )


def read_upload(upload, *, sheet: str = "") -> Table:
    """Read an uploaded file (a Django ``UploadedFile``) into a :class:`Table`.

    Raises :class:`TableError`; a file over the size limit is refused unread.
    """
    limits = upload_limits()
    if upload.size is not None and upload.size > limits.max_bytes:
        raise TableError("too_large", max_mb=limits.max_mb)
    return read_table(
        upload.read(limits.max_bytes + 1), upload.name or "", sheet=sheet, limits=limits
    )


def column_words(columns: Iterable[Column]) -> dict[str, list[str]]:
    """Each column's label in the user's language and in English (files come in
    either, and our own exports carry the labels), for ``auto_map(extra=...)``."""
    columns = list(columns)
    words = {c.key: [str(c.label)] for c in columns}
    with translation.override("en"):
        for column in columns:
            words[column.key].append(str(column.label))
    return words


def warning_messages(table: Table) -> list[str]:
    """One sentence per warning of ``table``."""
    return [TABLE_MESSAGES.sentence(code, params) for code, params in table.warnings]
