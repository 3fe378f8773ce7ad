"""Rows of a delimited text file (CSV, TSV, semicolon- or pipe-separated)."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator

from klimapakete.tables.model import Limits, TableError

DELIMITERS = (",", ";", "\t", "|")
SNIFF_ROWS = 20
SNIFF_CHARS = 65_536


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the most rows of one width.

    Title rows above the header (one filled cell) do not count against a delimiter;
    a tie goes to the earlier of ``,`` ``;`` tab ``|``.
    """
    sample = text[:SNIFF_CHARS]
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        widths = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if any(cell.strip() for cell in record):
                    widths.append(len(record))
                    if len(widths) == SNIFF_ROWS:
                        break
        except csv.Error:
            pass  # a cut-off quote at the end of the sample
        wide = [w for w in widths if w >= 2]
        if not wide:
            continue
        width, count = Counter(wide).most_common(1)[0]
        score = (round(count / len(widths), 1), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class CsvSource:
    """The records of a CSV text as ``(row number, cells)``; blank records included.

    The row number counts records as a spreadsheet program shows them (a quoted cell
    with line breaks is one row), so it is the row the user finds the problem in.
    """

    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.delimiter = sniff_delimiter(text)
        self._buffer = io.StringIO(text, newline="")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(self._buffer, delimiter=self.delimiter)
        width = self.limits.max_columns + 1
        number = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                if "field larger than field limit" in str(error):
                    # The csv module's own limit (131,072 characters) was hit.
                    raise TableError(
                        "cell_too_long", row=number + 1, column="", max=self.limits.max_cell
                    ) from error
                raise TableError("bad_csv", line=reader.line_num) from error
            number += 1
            yield number, record[:width]

    def rest_has_data(self) -> bool:
        rest = self.text[self._buffer.tell() :]
        return bool(rest.translate(str.maketrans("", "", self.delimiter + '"')).strip())
