"""Rows of an Excel workbook (.xlsx), read from its XML as a stream.

The sheet's declared dimension is never used: only rows and cells that are really in the
file are touched, cells right of the column limit are skipped without being read, and
reading stops after the row limit or a long run of empty rows. Shared strings are read
after the sheet, and only those the read rows use are kept.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from klimapakete.tables.model import Limits, TableError
from klimapakete.tables.zipped import Archive, attribute

OFFICE_DOCUMENT = "officeDocument"


class Shared(int):
    """A cell that holds the index of a shared string, resolved after the sheet."""


def column_index(reference: str) -> int:
    """1 for "A7", 28 for "AB3"."""
    index = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            index = index * 26 + ord(ch) - 96
        else:
            break
    return index


def row_index(reference: str) -> int:
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    return int(digits) if digits.isdigit() else 0


class XlsxSource:
    """The rows of one sheet as ``(row number, cells)``; ``cells`` are text."""

    def __init__(self, archive: Archive, limits: Limits, sheet: str = "") -> None:
        self.archive = archive
        self.limits = limits
        workbook = self._workbook_path()
        rels = self._relationships(workbook)
        self.sheets: list[tuple[str, str]] = []
        self.epoch = CALENDAR_WINDOWS_1900
        self._read_workbook(workbook, rels)
        self.sheet_names = [name for name, _ in self.sheets]
        if not self.sheets:
            raise TableError("empty")
        if sheet and sheet not in self.sheet_names:
            raise TableError("sheet_missing", sheet=sheet, sheets=", ".join(self.sheet_names))
        self.sheet = sheet or self.sheet_names[0]
        self.sheet_path = dict(self.sheets)[self.sheet]
        self.shared_path = next(
            (target for kind, target in rels.values() if kind == "sharedStrings"), ""
        )
        styles = next((target for kind, target in rels.values() if kind == "styles"), "")
        self.percent, self.dates = self._read_styles(styles)
        self.touched = 0  # cells read (for tests: bounded by the limits, not the sheet)

    # --- the workbook's parts ------------------------------------------------------------

    def _workbook_path(self) -> str:
        if "_rels/.rels" in self.archive.names:
            for kind, target in self._read_rels("_rels/.rels", "").values():
                if kind == OFFICE_DOCUMENT and target in self.archive.names:
                    return target
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        folder, name = posixpath.split(part)
        return self._read_rels(posixpath.join(folder, "_rels", name + ".rels"), folder)

    def _read_rels(self, path: str, folder: str) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        if path not in self.archive.names:
            return found

        def start(tag: str, attrs: dict) -> None:
            if tag == "Relationship":
                target = attrs.get("Target", "")
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
                kind = attrs.get("Type", "").rpartition("/")[2]
                found[attrs.get("Id", "")] = (kind, target)

        for _ in self.archive.parse(path, start, lambda tag: None):
            pass
        return found

    def _read_workbook(self, path: str, rels: dict[str, tuple[str, str]]) -> None:
        def start(tag: str, attrs: dict) -> None:
            if tag == "sheet":
                kind, target = rels.get(attribute(attrs, "id"), ("", ""))
                if kind == "worksheet" and len(self.sheets) < 1000:
                    self.sheets.append((attrs.get("name", ""), target))
            elif tag == "workbookPr" and attrs.get("date1904") in ("1", "true"):
                self.epoch = CALENDAR_MAC_1904

        for _ in self.archive.parse(path, start, lambda tag: None):
            pass

    def _read_styles(self, path: str) -> tuple[set[int], set[int]]:
        """Which cell styles show numbers as percent, and which as dates."""
        percent: set[int] = set()
        dates: set[int] = set()
        if not path or path not in self.archive.names:
            return percent, dates
        formats = dict(BUILTIN_FORMATS)
        state = {"xfs": False, "index": 0}

        def start(tag: str, attrs: dict) -> None:
            if tag == "numFmt":
                with contextlib.suppress(ValueError):
                    formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                state["xfs"] = True
            elif tag == "xf" and state["xfs"]:
                try:
                    code = formats.get(int(attrs.get("numFmtId", "0")), "")
                except ValueError:
                    code = ""
                if "%" in code:
                    percent.add(state["index"])
                elif code and is_date_format(code):
                    dates.add(state["index"])
                state["index"] += 1

        def end(tag: str) -> None:
            if tag == "cellXfs":
                state["xfs"] = False

        for _ in self.archive.parse(path, start, end):
            pass
        return percent, dates

    # --- the sheet -----------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        rows = self._sheet_rows()
        strings = self._shared_strings({c for _, cells in rows for c in cells if type(c) is Shared})
        for number, cells in rows:
            yield number, [strings.get(c, "") if type(c) is Shared else c for c in cells]

    def _sheet_rows(self) -> list[tuple[int, list]]:
        """Every row up to the limits, with shared strings still as indices."""
        limits = self.limits
        width = limits.max_columns + 1
        empty_rows = limits.empty_rows
        # Enough rows for the header search, every data row and one more (so that the
        # caller sees the row limit broken).
        wanted = limits.header_search + limits.max_rows + 1
        rows: list[tuple[int, list]] = []
        parts: list[str] = []
        percent, dates = self.percent, self.dates
        row = col = style = last = touched = 0
        cells: list | None = None
        skip = stop = False
        kind = inside = ""
        value: str | None = None
        formula: str | None = None

        def start(tag: str, attrs: dict) -> None:
            nonlocal row, col, cells, skip, kind, style, value, formula, inside, touched
            if ":" in tag:
                tag = tag[tag.index(":") + 1 :]
            if tag == "c":
                touched += 1
                reference = attrs.get("r")
                col = column_index(reference) if reference else col + 1
                skip = col > width
                if not skip:
                    kind = attrs.get("t", "n")
                    s = attrs.get("s")
                    style = int(s) if s and s.isdigit() else 0
                    value = formula = None
            elif tag == "v" or tag == "t" or tag == "f":
                if not skip:
                    inside = tag
                    parts.clear()
            elif tag == "row":
                reference = attrs.get("r")
                row = int(reference) if reference and reference.isdigit() else row + 1
                col = 0
                cells = []

        def text(data: str) -> None:
            if inside:
                parts.append(data)

        def end(tag: str) -> None:
            nonlocal value, formula, inside, cells, last, stop
            if ":" in tag:
                tag = tag[tag.index(":") + 1 :]
            if tag == inside:
                joined = "".join(parts)
                if tag == "v":
                    value = joined
                elif tag == "t":
                    value = (value or "") + joined
                else:
                    formula = joined
                inside = ""
            elif tag == "c":
                if skip or cells is None:  # right of the limit, or outside any row
                    return
                if value is None or value == "":
                    if not formula:
                        return
                    result = "=" + formula  # no result stored: keep the formula, as text
                elif kind == "s":
                    result = Shared(int(value)) if value.isdigit() else ""
                elif kind in ("str", "inlineStr", "e", "d"):
                    result = value
                elif kind == "b":
                    result = "true" if value.strip() in ("1", "true") else "false"
                else:
                    result = self._number(value, style, percent, dates)
                if result != "":
                    if len(cells) < col - 1:
                        cells.extend([""] * (col - 1 - len(cells)))
                    cells.append(result)
            elif tag == "row":
                found, cells = cells or [], None
                if row - last > empty_rows:
                    stop = True
                if found:
                    last = row
                    rows.append((row, found))
                    if len(rows) >= wanted:
                        stop = True

        try:
            for _ in self.archive.parse(self.sheet_path, start, end, text, raw=True):
                if stop:
                    break
        finally:
            self.touched += touched
        return rows

    def _number(self, text: str, style: int, percent: set, dates: set) -> str:
        text = text.strip()
        try:
            number = int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return text
        if style in percent:
            # Excel keeps 51 % as 0.51; the sheet shows (and the user means) 51.
            number = round(number * 100, 10)
        elif style in dates:
            try:
                return _date_text(from_excel(number, self.epoch))
            except (ValueError, OverflowError):
                return text
        if isinstance(number, float):
            return str(int(number)) if number.is_integer() else repr(number)
        return str(number)

    def _shared_strings(self, wanted: set[int]) -> dict[int, str]:
        strings: dict[int, str] = {}
        if not wanted or not self.shared_path or self.shared_path not in self.archive.names:
            return strings
        state = {"index": -1, "inside": False, "phonetic": False}
        parts: list[str] = []
        last = max(wanted)

        def start(tag: str, attrs: dict) -> None:
            if ":" in tag:
                tag = tag[tag.index(":") + 1 :]
            if tag == "si":
                state["index"] += 1
                parts.clear()
            elif tag == "t" and not state["phonetic"] and state["index"] in wanted:
                state["inside"] = True
            elif tag == "rPh":
                state["phonetic"] = True

        def end(tag: str) -> None:
            if ":" in tag:
                tag = tag[tag.index(":") + 1 :]
            if tag == "t":
                state["inside"] = False
            elif tag == "rPh":
                state["phonetic"] = False
            elif tag == "si" and state["index"] in wanted:
                strings[Shared(state["index"])] = "".join(parts)

        def text(data: str) -> None:
            if state["inside"]:
                parts.append(data)

        for _ in self.archive.parse(self.shared_path, start, end, text, raw=True):
            if state["index"] > last:
                break
        return strings


def _date_text(value) -> str:
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
