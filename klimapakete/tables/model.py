"""The table every upload becomes, the limits that bound reading it, and its one error."""

from __future__ import annotations

from dataclasses import dataclass, field

from klimapakete.errors import DomainError


class TableError(DomainError):
    """A file that cannot be read as a table, or that breaks a limit.

    Codes and their parameters:

    ``empty``; ``header_only``; ``binary`` (not text, not a workbook); ``old_excel``
    (.xls); ``unreadable_xlsx`` (a broken workbook, also ODS); ``sheet_missing``
    (``sheet``, ``sheets``); ``bad_csv`` (``line``: the quoting is broken);
    ``too_large`` (``max_mb``: the upload); ``too_large_unpacked`` (``max_mb``: the
    unpacked workbook); ``too_many_rows`` (``max``); ``too_many_columns`` (``max``);
    ``cell_too_long`` (``row``, ``column``, ``max``); ``too_slow`` (``seconds``).
    """


# Plain English for the command-line tools (the web app words codes in
# ``klimapakete/core/messages.py``, in the user's language).
COMMAND_LINE_TEXT = {
    "empty": "the file is empty",
    "header_only": "the file has a header but no rows",
    "binary": "not a table (CSV, XLSX or ODS)",
    "old_excel": "an old Excel file (.xls): save it as .xlsx or CSV",
    "unreadable_xlsx": "the workbook cannot be read",
    "sheet_missing": "no sheet {sheet!r} (sheets: {sheets})",
    "bad_csv": "unreadable row near line {line} (check the quotation marks)",
    "too_large": "larger than {max_mb} MB",
    "too_large_unpacked": "the unpacked workbook is larger than {max_mb} MB",
    "too_many_rows": "more than {max} rows",
    "too_many_columns": "more than {max} columns",
    "cell_too_long": "row {row} has a cell longer than {max} characters",
    "too_slow": "reading took longer than {seconds} seconds",
}


def describe(error: TableError) -> str:
    """``error`` in plain English, for a command line."""
    text = COMMAND_LINE_TEXT.get(error.code, error.code)
    try:
        return text.format(**error.params)
    except (KeyError, IndexError):
        return text


@dataclass(frozen=True)
class Limits:
    """Everything reading one upload may cost. Each limit ends reading with a
    :class:`TableError` naming it, except ``empty_rows``, which only stops reading."""

    max_bytes: int = 5 * 1024 * 1024  # the file as uploaded
    max_unpacked: int = 100 * 1024 * 1024  # all parts of a workbook (a zip), unpacked
    max_rows: int = 20_000  # data rows below the header
    max_columns: int = 100
    max_cell: int = 10_000  # characters in one cell
    empty_rows: int = 1_000  # reading stops after this many empty rows in a row
    seconds: float = 10.0  # time budget for reading one file
    header_search: int = 10  # rows at the top that may hold titles above the header

    @property
    def max_mb(self) -> int:
        return max(1, self.max_bytes // (1024 * 1024))


# What a command line reads from the operator's own disk: larger, but still bounded.
COMMAND_LINE = Limits(
    max_bytes=1024 * 1024 * 1024,
    max_unpacked=4 * 1024 * 1024 * 1024,
    max_rows=5_000_000,
    max_columns=1_000,
    max_cell=100_000,
    empty_rows=1_000_000,
    seconds=3600.0,
)


@dataclass
class Table:
    """A header and rows of text, each row as long as the header.

    ``numbers`` holds the row number the user sees for each data row (the line of a
    CSV, the row of a sheet; the first row of the file is 1), ``warnings`` the
    ``(code, params)`` of what reading noticed but did not refuse:

    ``formula`` (``rows``, ``count``): cells starting with "=" were read as text;
    ``lost_characters`` (``rows``, ``count``): cells with "?" or "�" where letters were,
    as a file saved in another encoding has them; ``extra_cells`` (``rows``, ``count``):
    cells right of the last heading were not read; ``stopped_at_empty_rows`` (``row``):
    a long run of empty rows follows this row, and rows below it were not read.
    ``header_row`` is the row number of the header.
    """

    header: list[str]
    rows: list[list[str]]
    numbers: list[int]
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    header_row: int = 1

    def to_dict(self) -> dict:
        """Plain data (e.g. for the session between the steps of an import)."""
        return {
            "header": self.header,
            "rows": self.rows,
            "numbers": self.numbers,
            "warnings": [[code, params] for code, params in self.warnings],
            "sheet": self.sheet,
            "sheets": self.sheets,
            "header_row": self.header_row,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Table:
        return cls(
            header=list(data["header"]),
            rows=[list(r) for r in data["rows"]],
            numbers=list(data["numbers"]),
            warnings=[(code, dict(params)) for code, params in data.get("warnings", [])],
            sheet=data.get("sheet", ""),
            sheets=list(data.get("sheets", [])),
            header_row=data.get("header_row", 1),
        )

    def samples(self, column: int, count: int = 3) -> list[str]:
        """The first non-empty values of a column."""
        found = []
        for row in self.rows:
            if row[column]:
                found.append(row[column])
                if len(found) == count:
                    break
        return found

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """``(row number, {heading: cell})`` for every data row."""
        return [
            (number, dict(zip(self.header, row, strict=True)))
            for number, row in zip(self.numbers, self.rows, strict=True)
        ]
