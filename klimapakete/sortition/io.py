"""Reading selection problems from CSV files (as exported by spreadsheets) or workbooks.

Files are read by the table layer (``klimapakete.tables``): UTF-8 (with or without BOM),
UTF-16 or Windows-1252, delimited by ``,``, ``;``, tabs or ``|`` (German Excel writes
``;``), or XLSX/ODS. Cells are stripped of surrounding whitespace. Every problem raises
:class:`CsvError` naming the file and line.
"""

from __future__ import annotations

from pathlib import Path

from klimapakete.sortition.model import Quota, Respondent
from klimapakete.tables import COMMAND_LINE, TableError, describe, read_file


class CsvError(ValueError):
    """A malformed input file; ``str()`` gives ``file:line: problem``."""

    def __init__(self, path: str | Path, line: int | None, problem: str) -> None:
        self.path = str(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


def _read_rows(path: str | Path, no_rows: str) -> list[tuple[int, list[str]]]:
    """Return ``(line_number, cells)`` for the header and every non-blank row;
    ``no_rows`` is the problem reported for a file with a header only."""
    try:
        table = read_file(path, limits=COMMAND_LINE)
    except OSError as exc:
        raise CsvError(path, None, f"cannot read file ({exc.strerror})") from exc
    except TableError as exc:
        if exc.code == "header_only":
            raise CsvError(path, None, no_rows) from exc
        line = exc.params.get("line", exc.params.get("row"))
        raise CsvError(path, line, describe(exc)) from exc
    return [(table.header_row, table.header), *zip(table.numbers, table.rows, strict=True)]


def _header_index(path: str | Path, line: int, header: list[str], names: list[str]) -> list[int]:
    lowered = [h.lower() for h in header]
    result = []
    for name in names:
        if name not in lowered:
            raise CsvError(path, line, f"missing column {name!r} (found: {', '.join(header)})")
        result.append(lowered.index(name))
    return result


def _cell(path: str | Path, line: int, cells: list[str], index: int, column: str) -> str:
    if index >= len(cells) or cells[index] == "":
        raise CsvError(path, line, f"empty value in column {column!r}")
    return cells[index]


def _count(path: str | Path, line: int, text: str, column: str) -> int:
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise CsvError(path, line, f"{column} {text!r} is not a number") from None
    if not number.is_integer():
        raise CsvError(path, line, f"{column} {text!r} is not a whole number")
    if number < 0:
        raise CsvError(path, line, f"{column} {text!r} is negative")
    return int(number)


def read_categories(path: str | Path) -> tuple[list[str], list[Quota]]:
    """Read ``category,feature,min,max`` rows; return categories (file order) and quotas.

    The header ``feature,value,min,max`` (used by other sortition tools) is accepted too.
    """
    rows = _read_rows(path, "no quotas defined")
    header_line, header = rows[0]
    lowered = [h.lower() for h in header]
    names = ["category", "feature"] if "category" in lowered else ["feature", "value"]
    if "category" not in lowered and "value" not in lowered:
        names = ["category", "feature"]  # report the documented header
    cat_i, feat_i, min_i, max_i = _header_index(path, header_line, header, [*names, "min", "max"])
    categories: list[str] = []
    quotas: list[Quota] = []
    seen: set[tuple[str, str]] = set()
    for line, cells in rows[1:]:
        category = _cell(path, line, cells, cat_i, names[0])
        feature = _cell(path, line, cells, feat_i, names[1])
        low = _count(path, line, _cell(path, line, cells, min_i, "min"), "min")
        high = _count(path, line, _cell(path, line, cells, max_i, "max"), "max")
        if (category, feature) in seen:
            raise CsvError(path, line, f"duplicate quota for {category} = {feature}")
        seen.add((category, feature))
        if category not in categories:
            categories.append(category)
        quotas.append(Quota(category, feature, low, high))
    if not quotas:
        raise CsvError(path, None, "no quotas defined")
    return categories, quotas


def read_respondents(
    path: str | Path, categories: list[str], quotas: list[Quota]
) -> list[Respondent]:
    """Read one row per respondent with a column per category and an optional ``id``.

    Without an ``id`` column respondents are numbered from 1 in file order. Columns that
    are neither categories nor ``id`` are ignored.
    """
    rows = _read_rows(path, "the pool is empty (no respondent rows)")
    header_line, header = rows[0]
    stripped = {h.lower(): i for i, h in enumerate(header)}
    columns = []
    for c in categories:
        if c in header:
            columns.append(header.index(c))
        elif c.lower() in stripped:
            columns.append(stripped[c.lower()])
        else:
            raise CsvError(path, header_line, f"missing column {c!r} (found: {', '.join(header)})")
    id_index = stripped.get("id")
    allowed = {c: [q.feature for q in quotas if q.category == c] for c in categories}
    respondents: list[Respondent] = []
    ids: dict[str, int] = {}
    for number, (line, cells) in enumerate(rows[1:], start=1):
        rid = _cell(path, line, cells, id_index, "id") if id_index is not None else str(number)
        if rid in ids:
            raise CsvError(path, line, f"duplicate id {rid!r} (also on line {ids[rid]})")
        ids[rid] = line
        features = {}
        for c, i in zip(categories, columns, strict=True):
            value = _cell(path, line, cells, i, c)
            if value not in allowed[c]:
                raise CsvError(
                    path,
                    line,
                    f"unknown value {value!r} for {c!r} (allowed: {', '.join(allowed[c])})",
                )
            features[c] = value
        respondents.append(Respondent(rid, features))
    if not respondents:
        raise CsvError(path, None, "the pool is empty (no respondent rows)")
    return respondents
