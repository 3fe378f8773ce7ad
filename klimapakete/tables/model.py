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
    as a file saved in another encoding has them; ``stopped_at_empty_rows`` (``row``):
    rows from there on follow a long run of empty rows and were not read.
    """

    header: list[str]
    rows: list[list[str]]
    numbers: list[int]
    warnings: list[tuple[str, dict]] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain data (e.g. for the session between the steps of an import)."""
        return {
            "header": self.header,
            "rows": self.rows,
            "numbers": self.numbers,
            "warnings": [[code, params] for code, params in self.warnings],
            "sheet": self.sheet,
            "sheets": self.sheets,
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
