"""The one table layer: every upload is read and every table export written here.

Pure (no Django), so the command-line tools use it too. Reading: :func:`read_table`
turns CSV/TSV/XLSX/ODS bytes into a :class:`Table` within :class:`Limits`, or raises
:class:`TableError` with a code. Columns: an import declares its :class:`Column` objects
once and maps headings with :func:`auto_map`. Writing: :func:`write_csv`,
:func:`csv_lines` (streaming), :func:`write_xlsx` and :func:`xlsx_file` (a
temporary file for large downloads), all with formula-safe cells.
"""

from klimapakete.tables.columns import (
    EMAIL_WORDS,
    FIRST_NAME_WORDS,
    IGNORE,
    NAME_WORDS,
    PHONE_WORDS,
    Column,
    auto_map,
    missing,
    normalise,
    positions,
    read_row,
    spellings,
)
from klimapakete.tables.model import COMMAND_LINE, Limits, Table, TableError, describe
from klimapakete.tables.read import build, clean_text, read_file, read_table
from klimapakete.tables.write import (
    FORMULA_START,
    csv_lines,
    dict_rows,
    safe_cell,
    write_csv,
    write_xlsx,
    write_xlsx_to,
    xlsx_file,
)

__all__ = [
    "COMMAND_LINE",
    "EMAIL_WORDS",
    "FIRST_NAME_WORDS",
    "NAME_WORDS",
    "PHONE_WORDS",
    "FORMULA_START",
    "IGNORE",
    "Column",
    "Limits",
    "Table",
    "TableError",
    "auto_map",
    "build",
    "clean_text",
    "csv_lines",
    "describe",
    "dict_rows",
    "missing",
    "normalise",
    "positions",
    "read_file",
    "read_row",
    "read_table",
    "safe_cell",
    "spellings",
    "write_csv",
    "write_xlsx",
    "write_xlsx_to",
    "xlsx_file",
]
