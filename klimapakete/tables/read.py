"""Any uploaded table (CSV, TSV, XLSX, ODS) to one :class:`Table`, within :class:`Limits`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence

from klimapakete.tables.csvfile import CsvSource
from klimapakete.tables.model import Limits, Table, TableError
from klimapakete.tables.ods import OdsSource, is_ods
from klimapakete.tables.text import decode
from klimapakete.tables.xlsx import XlsxSource
from klimapakete.tables.zipped import Archive

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")
DEFAULT_LIMITS = Limits()

# Control characters, and the bidi embedding, override and isolate controls (a U+202E in
# a name flips the rest of its line wherever it is shown).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# "M?ller", "Gro?e": a letter lost to a wrong encoding (not a question in a URL).
_LOST = re.compile(r"[^\W\d_]\?[^\W\d_]")


def clean_text(value: str) -> str:
    """A cell as text: without NUL and other control characters, trimmed, and without
    the apostrophe our own exports put before formula characters (so exports round-trip)."""
    value = _CONTROL.sub("", value).strip()
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        value = value[1:]
    return value


def read_table(
    data: bytes, filename: str = "", *, sheet: str = "", limits: Limits = DEFAULT_LIMITS
) -> Table:
    """Read an uploaded CSV/TSV, XLSX or ODS file into a :class:`Table`.

    The format is recognised from the content (the file name only tells a broken
    workbook from a text file). Raises :class:`TableError` for anything that is not a
    usable table or breaks a limit.
    """
    started = time.monotonic()
    deadline = started + limits.seconds
    if not data:
        raise TableError("empty")
    if len(data) > limits.max_bytes:
        raise TableError("too_large", max_mb=limits.max_mb)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError("old_excel")
    if data.startswith(b"PK\x03\x04"):
        archive = Archive(data, limits, deadline, "unreadable_xlsx")
        try:
            if is_ods(archive):
                source = OdsSource(archive, limits, sheet)
            else:
                source = XlsxSource(archive, limits, sheet)
            table = build(source.rows(), limits, deadline)
        finally:
            archive.close()
        table.sheet, table.sheets = source.sheet, source.sheet_names
        return table
    if filename.lower().endswith(WORKBOOK_SUFFIXES):
        raise TableError("unreadable_xlsx")
    text = decode(data)
    if not text.strip():
        raise TableError("empty")
    csv_source = CsvSource(text, limits)
    return build(csv_source.rows(), limits, deadline, rest_has_data=csv_source.rest_has_data)


def read_file(path, *, limits: Limits = DEFAULT_LIMITS) -> Table:
    """Read a table from a file on disk (for the command-line tools).

    Raises ``OSError`` if the file cannot be opened, :class:`TableError` as
    :func:`read_table` does.
    """
    from pathlib import Path

    path = Path(path)
    with path.open("rb") as handle:
        data = handle.read(limits.max_bytes + 1)
    return read_table(data, path.name, limits=limits)


def header_index(lines: Sequence[Sequence[str]]) -> int:
    """Which of the first non-empty rows is the header.

    Spreadsheets often carry a title ("Akteursliste – Stand März") or merged grouping
    cells above the real header. Those rows fill only a few cells; the header is the
    first row that fills more than half as many cells as the widest of the first rows.
    """
    filled = [sum(1 for c in cells if c) for cells in lines]
    needed = max(filled) // 2 + 1
    return next(i for i, count in enumerate(filled) if count >= needed)


def build(
    rows: Iterable[tuple[int, Sequence[str]]],
    limits: Limits = DEFAULT_LIMITS,
    deadline: float | None = None,
    *,
    rest_has_data=None,
) -> Table:
    """A :class:`Table` from ``(row number, cells)``: cells cleaned, the header found
    past title rows, blank rows dropped, every row as long as the header."""
    if deadline is None:
        deadline = time.monotonic() + limits.seconds
    builder = _Builder(limits)
    last = 0
    stopped_at = 0
    for count, (number, raw) in enumerate(rows):
        if count % 512 == 0 and time.monotonic() > deadline:
            raise TableError("too_slow", seconds=limits.seconds)
        cells = builder.clean(number, raw)
        if number - last > limits.empty_rows:
            if cells or (rest_has_data is not None and rest_has_data()):
                stopped_at = last
            break
        if cells:
            last = number
            builder.add(number, cells)
    table = builder.finish()
    if stopped_at:
        table.warnings.append(("stopped_at_empty_rows", {"row": stopped_at}))
    return table


class _Builder:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.header: list[str] | None = None
        self.top: list[tuple[int, list[str]]] = []
        self.rows: list[list[str]] = []
        self.numbers: list[int] = []
        self.memo: dict[str, str] = {"": ""}
        self.header_row = 1
        self.formula: list[int] = []
        self.lost: list[int] = []
        self.extra: list[int] = []

    def clean(self, number: int, raw: Sequence[str]) -> list[str]:
        memo, limit = self.memo, self.limits.max_cell
        get = memo.get
        cells = []
        for column, value in enumerate(raw, start=1):
            text = get(value)
            if text is None:
                if len(value) > limit:
                    raise TableError("cell_too_long", row=number, column=column, max=limit)
                text = clean_text(str(value))
                if len(memo) < 100_000:
                    memo[value] = text
            cells.append(text)
        while cells and not cells[-1]:
            cells.pop()
        return cells

    def add(self, number: int, cells: list[str]) -> None:
        if self.header is None:
            self.top.append((number, cells))
            if len(self.top) >= self.limits.header_search:
                self._split_top()
            return
        self._append(number, cells)

    def _split_top(self) -> None:
        start = header_index([cells for _, cells in self.top])
        header = self.top[start][1]
        if len(header) > self.limits.max_columns:
            raise TableError("too_many_columns", max=self.limits.max_columns)
        self.header = header
        self.header_row = self.top[start][0]
        for number, cells in self.top[start + 1 :]:
            self._append(number, cells)
        self.top = []

    def _append(self, number: int, cells: list[str]) -> None:
        if len(self.rows) >= self.limits.max_rows:
            raise TableError("too_many_rows", max=self.limits.max_rows)
        width = len(self.header)
        if len(cells) > width:  # trailing empty cells are gone: these hold something
            self.extra.append(number)
            cells = cells[:width]
        elif len(cells) < width:
            cells += [""] * (width - len(cells))
        joined = "\x00" + "\x00".join(cells)
        if "\x00=" in joined:
            self.formula.append(number)
        if "\ufffd" in joined or (
            "?" in joined and any("/" not in c and _LOST.search(c) for c in cells if "?" in c)
        ):
            self.lost.append(number)
        self.rows.append(cells)
        self.numbers.append(number)

    def finish(self) -> Table:
        if self.header is None and self.top:
            self._split_top()
        if self.header is None:
            raise TableError("empty")
        if not self.rows:
            raise TableError("header_only")
        warnings = []
        if self.formula:
            warnings.append(("formula", _rows_params(self.formula)))
        if self.lost:
            warnings.append(("lost_characters", _rows_params(self.lost)))
        if self.extra:
            warnings.append(("extra_cells", _rows_params(self.extra)))
        return Table(
            header=self.header,
            rows=self.rows,
            numbers=self.numbers,
            warnings=warnings,
            header_row=self.header_row,
        )


def _rows_params(numbers: list[int], shown: int = 10) -> dict:
    rows = ", ".join(str(n) for n in numbers[:shown])
    if len(numbers) > shown:
        rows += ", …"
    return {"rows": rows, "count": len(numbers)}
