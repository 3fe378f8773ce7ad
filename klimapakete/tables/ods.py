"""Rows of an OpenDocument spreadsheet (.ods, LibreOffice), read from content.xml as a
stream. Repeated rows and cells ("number-rows-repeated") are expanded only as far as the
limits reach, so a row repeated a million times costs nothing."""

from __future__ import annotations

from collections.abc import Iterator

from klimapakete.tables.model import Limits, TableError
from klimapakete.tables.zipped import Archive

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def is_ods(archive: Archive) -> bool:
    return "mimetype" in archive.names and archive.read("mimetype").strip() == MIMETYPE


def _local(attrs: dict) -> dict:
    """Attributes by their names without namespace prefix."""
    return {key[key.find(":") + 1 :]: value for key, value in attrs.items()}


def _repeat(attrs: dict, name: str) -> int:
    """``attrs`` without prefixes (see :func:`_local`)."""
    try:
        return max(1, int(attrs.get(name, "1")))
    except ValueError:
        return 1


class OdsSource:
    """The rows of one sheet as ``(row number, cells)``; ``cells`` are text."""

    def __init__(self, archive: Archive, limits: Limits, sheet: str = "") -> None:
        if "content.xml" not in archive.names:
            raise TableError("unreadable_xlsx")
        self.archive = archive
        self.limits = limits
        self.wanted_sheet = sheet
        self.sheet = ""
        self.sheet_names: list[str] = []
        self.touched = 0

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        rows = self._read()
        if self.wanted_sheet and self.wanted_sheet not in self.sheet_names:
            raise TableError(
                "sheet_missing", sheet=self.wanted_sheet, sheets=", ".join(self.sheet_names)
            )
        if not self.sheet_names:
            raise TableError("empty")
        yield from rows

    def _read(self) -> list[tuple[int, list[str]]]:
        limits = self.limits
        width = limits.max_columns + 1
        wanted = limits.header_search + limits.max_rows + 1
        rows: list[tuple[int, list[str]]] = []
        state = {
            "reading": False,  # inside the chosen sheet
            "done": False,  # the chosen sheet has been read
            "row": 0,
            "row_repeat": 1,
            "cells": [],
            "col": 0,
            "cell": None,  # (repeat, value or None for text)
            "text": None,  # parts of the cell's text, or None outside a cell
            "paragraphs": 0,
            "annotation": 0,
            "last": 0,
            "stop": False,
        }

        def start(tag: str, attrs: dict) -> None:
            if tag in ("table", "table-row", "table-cell", "covered-table-cell", "s"):
                attrs = _local(attrs)
            if tag == "table":
                name = attrs.get("name", "")
                self.sheet_names.append(name)
                if not state["done"] and (not self.wanted_sheet or name == self.wanted_sheet):
                    state["reading"] = True
                    self.sheet = name
            if not state["reading"]:
                return
            if tag == "table-row":
                state["row_repeat"] = _repeat(attrs, "number-rows-repeated")
                state["cells"] = []
                state["col"] = 0
            elif tag in ("table-cell", "covered-table-cell"):
                self.touched += 1
                state["cell"] = (_repeat(attrs, "number-columns-repeated"), _value(attrs))
                state["text"] = []
                state["paragraphs"] = 0
            elif state["text"] is not None and not state["annotation"]:
                if tag == "annotation":
                    state["annotation"] += 1
                elif tag == "p":
                    if state["paragraphs"]:
                        state["text"].append("\n")
                    state["paragraphs"] += 1
                elif tag == "s":
                    state["text"].append(" " * _repeat(attrs, "c"))
                elif tag == "tab":
                    state["text"].append("\t")
                elif tag == "line-break":
                    state["text"].append("\n")
            elif tag == "annotation":
                state["annotation"] += 1

        def text(data: str) -> None:
            if state["text"] is not None and not state["annotation"]:
                state["text"].append(data)

        def end(tag: str) -> None:
            if not state["reading"]:
                return
            if tag == "annotation":
                state["annotation"] -= 1
            elif tag in ("table-cell", "covered-table-cell"):
                repeat, value = state["cell"]
                if value is None:
                    value = "".join(state["text"])
                state["text"] = None
                cells = state["cells"]
                if value.strip():
                    cells.extend([""] * (min(state["col"], width) - len(cells)))
                    cells.extend([value] * max(0, min(repeat, width - len(cells))))
                state["col"] += repeat
            elif tag == "table-row":
                cells = state["cells"]
                for _ in range(state["row_repeat"]):
                    state["row"] += 1
                    if not cells:
                        # An empty row repeated: jump to its end.
                        state["row"] += state["row_repeat"] - 1
                        break
                    state["last"] = state["row"]
                    rows.append((state["row"], list(cells)))
                    if len(rows) >= wanted:
                        state["stop"] = True
                        break
                if state["row"] - state["last"] > limits.empty_rows:
                    state["stop"] = True
            elif tag == "table":
                state["reading"] = False
                state["done"] = True

        for _ in self.archive.parse("content.xml", start, end, text):
            if state["stop"]:
                break
        return rows


def _value(attrs: dict) -> str | None:
    """The value of a typed cell as the sheet shows it; None for text cells."""
    kind = attrs.get("value-type", "")
    if kind in ("float", "currency"):
        return _number(attrs.get("value", ""))
    if kind == "percentage":
        try:
            return _number(repr(round(float(attrs.get("value", "")) * 100, 10)))
        except ValueError:
            return None
    if kind == "date":
        value = attrs.get("date-value", "")
        return value.removesuffix("T00:00:00").replace("T", " ")
    if kind == "boolean":
        return "true" if attrs.get("boolean-value") == "true" else "false"
    return None


def _number(text: str) -> str | None:
    try:
        number = float(text)
    except ValueError:
        return None
    if number.is_integer() and abs(number) < 1e16:
        return str(int(number))
    return repr(number)
