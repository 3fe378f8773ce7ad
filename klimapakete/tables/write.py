"""Writing tables as CSV and XLSX whose cells a spreadsheet program will not run.

Text that starts like a formula (``=`` ``+`` ``-`` ``@``, or a tab or carriage return
that some programs skip before one) gets an apostrophe in front; the reader takes it off
again, so our own exports import unchanged.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value):
    """A cell value that a spreadsheet shows as it is: formula-like text is prefixed with
    an apostrophe, control characters (which XLSX cannot hold) are dropped."""
    if isinstance(value, str):
        value = _CONTROL.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _Line:
    """A file-like object that hands back what the csv writer wrote, line by line."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text = text


def csv_lines(
    header: Sequence,
    rows: Iterable[Sequence],
    *,
    delimiter: str = ",",
    bom: bool = True,
    safe: bool = True,
) -> Iterator[str]:
    """CSV text line by line (for a streaming response of any size).

    ``bom`` starts with a byte-order mark so that Excel reads the umlauts of UTF-8;
    ``safe=False`` writes cells as they are — only for files that programs read (e.g.
    the published ``distribution.csv``), never for a table people open.
    """
    line = _Line()
    writer = csv.writer(line, delimiter=delimiter, lineterminator="\r\n")
    convert = safe_cell if safe else (lambda v: v)
    writer.writerow([convert(_plain(h)) for h in header])
    yield ("\ufeff" if bom else "") + line.text
    for row in rows:
        writer.writerow([convert(_plain(v)) for v in row])
        yield line.text


def write_csv(header: Sequence, rows: Iterable[Sequence], **options) -> bytes:
    """A whole CSV file in UTF-8 (options as for :func:`csv_lines`)."""
    return "".join(csv_lines(header, rows, **options)).encode()


def dict_rows(rows: Sequence[Mapping]) -> tuple[list[str], list[list]]:
    """Header and rows for records whose keys differ: the header is the union of all
    keys, in the order they first appear."""
    header: dict[str, None] = {}
    for row in rows:
        header.update(dict.fromkeys(row))
    keys = list(header)
    return keys, [[row.get(key) for key in keys] for row in rows]


def write_xlsx(header: Sequence, rows: Iterable[Sequence], *, title: str = "Sheet") -> bytes:
    """An XLSX workbook with a bold header row; text cells are stored as text, never as
    formulas, numbers as numbers."""
    buffer = io.BytesIO()
    write_xlsx_to(buffer, header, rows, title=title)
    return buffer.getvalue()


def xlsx_file(header: Sequence, rows: Iterable[Sequence], *, title: str = "Sheet") -> IO[bytes]:
    """The workbook of :func:`write_xlsx` in a temporary file, read from its start (for a
    download of any size: rows are consumed one by one, the file is on disk, and it is
    removed when closed)."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    try:
        write_xlsx_to(file, header, rows, title=title)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def write_xlsx_to(
    file: IO[bytes], header: Sequence, rows: Iterable[Sequence], *, title: str = "Sheet"
) -> None:
    """Write the workbook into ``file``. openpyxl's write-only mode keeps only the current
    row in memory (the sheet goes to a temporary file until it is zipped)."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet")
    bold = Font(bold=True)

    def cells(values: Sequence, font=None):
        out = []
        for value in values:
            value = safe_cell(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if font is not None:
                cell.font = font
            out.append(cell)
        return out

    sheet.append(cells(header, bold))
    for row in rows:
        sheet.append(cells(row))
    workbook.save(file)
