"""Team data export: every app contributes tables of its team-owned data, and the files.

An exporter takes a team and returns ``{table_name: [row_dict, ...]}``. Apps add
theirs to ``EXPORTERS`` in ``AppConfig.ready``; a file exporter (``register_files``)
yields ``(path in the archive, stored file)`` for the files the team uploaded, and its
table names the same path. ``team_export_zip`` writes one JSON file with everything,
one CSV per table and the files under ``files/``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from django.utils import timezone

from klimapakete.core.exports import ArchiveFile, tables_zip_write

Exporter = Callable[["object"], dict[str, list[dict]]]
FileExporter = Callable[["object"], Iterable[ArchiveFile]]
EXPORTERS: list[Exporter] = []
FILE_EXPORTERS: list[FileExporter] = []


def register(exporter: Exporter) -> Exporter:
    if exporter not in EXPORTERS:
        EXPORTERS.append(exporter)
    return exporter


def register_files(exporter: FileExporter) -> FileExporter:
    if exporter not in FILE_EXPORTERS:
        FILE_EXPORTERS.append(exporter)
    return exporter


def team_export_tables(team) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {}
    for exporter in EXPORTERS:
        tables.update(exporter(team))
    return tables


def team_export_files(team) -> Iterator[ArchiveFile]:
    for exporter in FILE_EXPORTERS:
        yield from exporter(team)


def team_export_write(team, target: BinaryIO) -> None:
    document = {"exported_at": timezone.now(), "team": {"name": team.name, "slug": team.slug}}
    tables_zip_write(
        target,
        json_name="team.json",
        document=document,
        tables=team_export_tables(team),
        files=team_export_files(team),
    )


def team_export_file(team) -> BinaryIO:
    """The export in a temporary file (the attachments can be large), at its start."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - the caller streams and closes it
    try:
        team_export_write(team, target)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return target


def team_export_zip(team) -> bytes:
    with team_export_file(team) as target:
        return target.read()
