"""Writing CSV and XLSX: formula-safe cells, and what is written reads back unchanged."""

from __future__ import annotations

import csv
import io

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete.tables import (
    csv_lines,
    dict_rows,
    read_table,
    safe_cell,
    write_csv,
    write_xlsx,
    xlsx_file,
)

text = (
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffd?'"
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)
formula_like = st.tuples(st.sampled_from("=+-@"), text).map("".join)
value = st.one_of(text, formula_like)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(value, min_size=2, max_size=2), min_size=1, max_size=6))
def test_what_is_written_reads_back_unchanged_in_csv_and_xlsx(rows):
    header = ["Name", "Wert"]
    for data, name in (
        (write_csv(header, rows), "a.csv"),
        (write_csv(header, rows, delimiter=";"), "a.csv"),
        (write_xlsx(header, rows), "a.xlsx"),
    ):
        table = read_table(data, name)
        assert table.rows == rows


def test_formula_text_is_never_a_formula_in_the_written_files():
    rows = [['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tTab", "ok", 5, None]]
    header = ["a", "b", "c", "d", "e", "f", "g", "h"]
    text = write_csv(header, rows).decode("utf-8-sig")
    cells = next(iter(csv.reader(io.StringIO(text.splitlines()[1]))))
    assert cells == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tTab", "ok", "5", ""]
    book = openpyxl.load_workbook(io.BytesIO(write_xlsx(header, rows)))
    values = [c.value for c in book.active[2]]
    assert values[:6] == ['\'=HYPERLINK("http://x")', "'+1", "'-2", "'@SUM(A1)", "'\tTab", "ok"]
    assert all(c.data_type != "f" for c in book.active[2])
    assert values[6] == 5


def test_the_streaming_writer_writes_the_same_bytes_line_by_line():
    rows = [[i, f"Zeile {i}", "=x"] for i in range(1000)]
    lines = list(csv_lines(["n", "text", "f"], iter(rows)))
    assert len(lines) == 1001
    assert "".join(lines).encode() == write_csv(["n", "text", "f"], rows)
    assert lines[0].startswith("\ufeff")


def test_the_xlsx_file_holds_the_same_table_as_the_workbook_in_memory():
    rows = [[i, f"Zeile {i} – Grünstadt", "=x" if i % 2 else None] for i in range(3000)]
    header = ["n", "Text", "Formel"]
    whole = read_table(write_xlsx(header, rows, title="Akteure"), "a.xlsx")
    generated = ([n, text, f] for n, text, f in rows)  # consumed row by row
    with xlsx_file(header, generated, title="Akteure") as file:
        assert file.tell() == 0
        from_file = read_table(file.read(), "a.xlsx")
    assert from_file.header == whole.header
    assert from_file.rows == whole.rows and len(from_file.rows) == 3000


def test_data_files_for_programs_can_be_written_as_they_are():
    data = write_csv(["panel", "ids"], [[1, "-3 4"]], bom=False, safe=False)
    assert data == b"panel,ids\r\n1,-3 4\r\n"


def test_records_with_different_keys_get_the_union_of_columns():
    header, rows = dict_rows([{"a": 1, "b": 2}, {"a": 3, "c": 4}])
    assert header == ["a", "b", "c"]
    assert rows == [[1, 2, None], [3, None, 4]]


def test_safe_cell_leaves_numbers_and_plain_text_alone():
    assert safe_cell(-5) == -5 and safe_cell("Köln") == "Köln" and safe_cell("a\x07b") == "ab"
