"""Reading uploaded CSV and XLSX files into a header and rows of text. Pure: no Django."""

from __future__ import annotations

import csv
import io


class TableError(ValueError):
    """The file cannot be read as a table; ``code`` names the problem."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


MAX_ROWS = 20000


def _text(value, number_format: str = "") -> str:
    if value is None:
        return ""
    if "%" in (number_format or "") and isinstance(value, int | float):
        # Excel keeps 51 % as 0.51; the sheet shows (and the user means) 51.
        value = round(value * 100, 10)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(name: str, data: bytes) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV (comma or semicolon, UTF-8 or Latin-1) or XLSX file.

    Blank rows are dropped; every row is padded to the header's length.
    """
    rows = _xlsx_rows(data) if name.lower().endswith(".xlsx") else _csv_rows(data)
    rows = [r for r in rows if any(cell for cell in r)]
    if not rows:
        raise TableError("empty")
    header = [cell.strip() for cell in rows[0]]
    if not any(header):
        raise TableError("no_header")
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise TableError("too_many_rows")
    width = len(header)
    return header, [(r + [""] * width)[:width] for r in body]


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise TableError("encoding")
    if "\x00" in text:
        raise TableError("not_a_table")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return [
            [c.strip() for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise TableError("not_a_table") from exc


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise TableError("not_a_table") from exc
    sheet = book.worksheets[0]
    rows = []
    for i, row in enumerate(sheet.iter_rows()):
        if i > MAX_ROWS + 1:
            raise TableError("too_many_rows")
        rows.append([_text(cell.value, getattr(cell, "number_format", "")) for cell in row])
    book.close()
    return rows
