"""Reading participants and keep-apart pairs from CSV (or XLSX/ODS), writing plans.

Files are read by the table layer (``klimapakete.tables``): they may start with a byte
order mark, use ``,`` ``;`` tab or ``|`` as delimiter, come in UTF-8, UTF-16 or
Windows-1252 and have spaces around values. Problems raise :class:`CsvError` naming the
file and line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from klimapakete.rotation.model import Participant, Plan, RotationError
from klimapakete.tables import COMMAND_LINE, TableError, describe, read_file, write_csv


class CsvError(RotationError):
    """A problem in an input file, with ``path`` and ``line`` in ``params``."""

    def __init__(self, code: str, path: str, line: int, problem: str, **params: Any) -> None:
        super().__init__(code, f"{path}, line {line}: {problem}", path=path, line=line, **params)


def _rows(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        table = read_file(path, limits=COMMAND_LINE)
    except FileNotFoundError:
        raise CsvError("file_not_found", str(path), 0, "file not found") from None
    except OSError as exc:
        raise CsvError("file_not_found", str(path), 0, f"cannot read ({exc.strerror})") from None
    except TableError as exc:
        if exc.code == "empty":
            raise CsvError("empty_file", str(path), 1, "the file is empty") from None
        if exc.code == "header_only":
            return []
        line = exc.params.get("line", exc.params.get("row", 0))
        raise CsvError("unreadable", str(path), line, describe(exc), table_error=exc.code) from None
    header = [cell.lower() for cell in table.header]
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvError(
            "missing_column",
            str(path),
            table.header_row,
            f"missing column {missing[0]!r} (expected {', '.join(required)})",
            column=missing[0],
        )
    for code, params in table.warnings:
        if code == "extra_cells":
            line = int(params["rows"].split(",")[0])
            raise CsvError(
                "too_many_values",
                str(path),
                line,
                f"more values than the header has columns ({len(header)})",
            )
    return [
        (line, dict(zip(header, cells, strict=True)))
        for line, cells in zip(table.numbers, table.rows, strict=True)
    ]


def read_participants(path: str | Path) -> list[Participant]:
    """Participants from a CSV with columns ``id,sector`` (sector may be empty)."""
    path = Path(path)
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, ["id"]):
        pid = row["id"]
        if not pid:
            raise CsvError("empty_id", str(path), line, "the id is empty")
        if pid in seen:
            raise CsvError(
                "duplicate_id",
                str(path),
                line,
                f"duplicate id {pid!r} (first on line {seen[pid]})",
                id=pid,
            )
        seen[pid] = line
        people.append(Participant(pid, row.get("sector") or None))
    if not people:
        raise CsvError("no_participants", str(path), 1, "no participants in the file")
    return people


def read_pairs(path: str | Path, known_ids: set[str]) -> list[tuple[str, str]]:
    """Keep-apart pairs from a CSV with columns ``id1,id2``; both ids must be known."""
    path = Path(path)
    pairs = []
    for line, row in _rows(path, ["id1", "id2"]):
        a, b = row["id1"], row["id2"]
        for pid in (a, b):
            if not pid:
                raise CsvError("empty_id", str(path), line, "an id is empty")
            if pid not in known_ids:
                raise CsvError("unknown_id", str(path), line, f"unknown id {pid!r}", id=pid)
        if a == b:
            raise CsvError("keep_apart_self", str(path), line, f"{a!r} paired with itself", id=a)
        pairs.append((a, b))
    return pairs


def read_hosts(path: str | Path, known_ids: set[str]) -> list[str]:
    """Hosts from a CSV with column ``id``, in order: the i-th stays at table i."""
    path = Path(path)
    hosts: list[str] = []
    seen: dict[str, int] = {}
    for line, row in _rows(path, ["id"]):
        pid = row["id"]
        if not pid:
            raise CsvError("empty_id", str(path), line, "the id is empty")
        if pid not in known_ids:
            raise CsvError("unknown_id", str(path), line, f"unknown id {pid!r}", id=pid)
        if pid in seen:
            raise CsvError(
                "duplicate_host",
                str(path),
                line,
                f"host {pid!r} is named twice (first on line {seen[pid]})",
                id=pid,
            )
        seen[pid] = line
        hosts.append(pid)
    return hosts


def write_plan(plan: Plan, path: str | Path) -> None:
    """Write ``round,group,id`` rows, rounds and groups numbered from 1."""
    # A data file for programs: ids as they are (the reader takes them back unchanged).
    Path(path).write_bytes(write_csv(["round", "group", "id"], plan.rows(), bom=False, safe=False))


def read_plan(path: str | Path) -> Plan:
    """Read a plan written by :func:`write_plan`."""
    path = Path(path)
    rounds: dict[int, dict[int, list[str]]] = {}
    for line, row in _rows(path, ["round", "group", "id"]):
        try:
            t, g = int(row["round"]), int(row["group"])
        except ValueError:
            raise CsvError(
                "not_a_number", str(path), line, "round and group must be numbers"
            ) from None
        if t < 1 or g < 1:
            raise CsvError("not_a_number", str(path), line, "rounds and groups count from 1")
        rounds.setdefault(t, {}).setdefault(g, []).append(row["id"])
    out = []
    for t in range(1, max(rounds, default=0) + 1):
        groups = rounds.get(t, {})
        out.append([groups.get(g, []) for g in range(1, max(groups, default=0) + 1)])
    return Plan.from_lists(out)


def write_json(data: dict, path: str | Path) -> None:
    """Write ``data`` as indented JSON."""
    Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
