"""Reading tables: one Table however the file was written, and every limit holds."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.tables import Limits, TableError, read_table
from klimapakete.tables.read import build
from klimapakete.tables.tests.helpers import far_cell_xlsx, ods_bytes, xlsx_bytes
from klimapakete.tables.xlsx import XlsxSource
from klimapakete.tables.zipped import Archive

# Text every encoding below can hold; no delimiter, no "?", nothing a reader trims.
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüÄÖÜßé0123456789"
word = st.text(LETTERS, min_size=1, max_size=8)
cell_text = st.lists(word, min_size=1, max_size=3).map(" ".join)
cell = st.one_of(st.just(""), cell_text)


@st.composite
def tables(draw):
    width = draw(st.integers(1, 5))
    header = draw(st.lists(cell_text, min_size=width, max_size=width, unique=True))
    rows = draw(
        st.lists(st.lists(cell, min_size=width, max_size=width).filter(any), min_size=1, max_size=8)
    )
    return header, rows


@st.composite
def layouts(draw):
    """A table and how it sits in the file: title row, blank rows, trailing empty columns."""
    header, rows = draw(tables())
    title = len(header) >= 2 and draw(st.booleans())
    blanks = draw(st.lists(st.integers(0, 2), min_size=len(rows), max_size=len(rows)))
    trailing = draw(st.integers(0, 2))
    lines: list[list[str]] = []
    if title:
        lines += [["Akteursliste – Stand März"], []]
    lines.append(header + [""] * trailing)
    numbers = []
    for row, blank in zip(rows, blanks, strict=True):
        lines += [[]] * blank
        lines.append(row + [""] * trailing)
        numbers.append(len(lines))
    return header, rows, numbers, lines


def csv_bytes(lines, delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(lines)
    return out.getvalue().encode(encoding)


ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    layouts(),
    st.sampled_from([",", ";", "\t", "|"]),
    st.sampled_from(ENCODINGS),
)
def test_a_csv_reads_to_the_same_table_in_any_delimiter_and_encoding(layout, delimiter, encoding):
    header, rows, numbers, lines = layout
    table = read_table(csv_bytes(lines, delimiter, encoding), "people.csv")
    assert (table.header, table.rows, table.numbers) == (header, rows, numbers)
    assert table.warnings == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), st.sampled_from(["xlsx", "ods"]))
def test_a_workbook_reads_to_the_same_table_as_the_csv(layout, kind):
    header, rows, numbers, lines = layout
    data = xlsx_bytes(lines) if kind == "xlsx" else ods_bytes(lines)
    table = read_table(data, f"people.{kind}")
    assert (table.header, table.rows, table.numbers) == (header, rows, numbers)
    from_csv = read_table(csv_bytes(lines, ";", "cp1252"), "people.csv")
    assert (table.header, table.rows, table.numbers) == (
        from_csv.header,
        from_csv.rows,
        from_csv.numbers,
    )


def test_row_numbers_count_blank_lines_and_quoted_line_breaks():
    table = read_table(b'Name,Notes\n\n"Ada","one\ntwo"\n\n\nBob,x\n')
    assert table.rows == [["Ada", "one\ntwo"], ["Bob", "x"]]
    assert table.numbers == [3, 6]
    assert table.header_row == 1


def test_windows_and_mac_code_pages_and_utf16_without_a_byte_order_mark():
    text = "Name;Ort\nJörg Müller;Großenhain\n"
    for encoding in ("cp1252", "utf-16-le", "utf-16-be"):
        assert read_table(text.encode(encoding)).rows == [["Jörg Müller", "Großenhain"]]


def test_percent_dates_and_booleans_read_as_the_sheet_shows_them():
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Anteil", "Datum", "Zeit", "Ja", "Zahl"])
    sheet.append([0.51, datetime.date(2025, 3, 1), datetime.datetime(2025, 3, 1, 9, 30), True, 5.0])
    sheet["A2"].number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "a.xlsx")
    assert table.rows == [["51", "2025-03-01", "2025-03-01 09:30:00", "true", "5"]]


def test_ods_percent_dates_repeats_and_merged_cells():
    content = (
        "<table:table-row>"
        '<table:table-cell office:value-type="string"><text:p>Name</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Anteil</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Seit</text:p></table:table-cell>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell office:value-type="string"><text:p>A<text:s text:c="2"/>B</text:p>'
        "<office:annotation><text:p>a comment</text:p></office:annotation></table:table-cell>"
        '<table:table-cell office:value-type="percentage" office:value="0.51">'
        "<text:p>51 %</text:p></table:table-cell>"
        '<table:table-cell office:value-type="date" office:date-value="2025-03-01">'
        "<text:p>01.03.25</text:p></table:table-cell>"
        '<table:covered-table-cell table:number-columns-repeated="1000"/>'
        "</table:table-row>"
    )
    table = read_table(ods_bytes(content=content), "a.ods")
    assert table.header == ["Name", "Anteil", "Seit"]
    assert table.rows == [["A  B", "51", "2025-03-01"]] * 2
    assert table.numbers == [2, 3]
    assert table.sheets == ["Tabelle1"]


def test_title_and_merged_grouping_rows_are_skipped():
    rows = [
        ["Akteursliste Musterstadt"],
        [],
        ["Kontakt", "", "Bewertung", ""],
        ["Name", "Bereich", "Haltung", "Einfluss"],
        ["Petra", "Stadtrat", "dafür", "4"],
    ]
    for data in (xlsx_bytes(rows), csv_bytes(rows, ";", "utf-8")):
        table = read_table(data, "a")
        assert table.header == ["Name", "Bereich", "Haltung", "Einfluss"]
        assert (table.header_row, table.numbers) == (4, [5])


# --- warnings ------------------------------------------------------------------------


def test_formula_cells_are_kept_as_text_and_named():
    table = read_table(b"Name,Wert\nA,=SUM(B1:B3)\nB,1\nC,=1+2\n")
    assert [r[1] for r in table.rows] == ["=SUM(B1:B3)", "1", "=1+2"]
    assert table.warnings == [("formula", {"rows": "2, 4", "count": 2})]


def test_an_excel_formula_without_a_stored_result_is_not_emptied():
    book = openpyxl.Workbook()
    book.active.append(["Name", "Summe"])
    book.active.append(["A", "=1+2"])  # openpyxl stores the formula, no result
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "a.xlsx")
    assert table.rows == [["A", "=1+2"]]
    assert table.warnings[0][0] == "formula"


def test_characters_lost_to_a_wrong_encoding_are_named_by_row():
    data = "Name;Ort\nM?ller;Köln\nSchmidt;Bonn\nWeber;https://x.de/?a=b\nZo\ufffd;Ulm\n"
    table = read_table(data.encode())
    assert table.warnings == [("lost_characters", {"rows": "2, 5", "count": 2})]


def test_cells_right_of_the_header_are_named():
    table = read_table(b"Name,Ort\nA,B,C\nD,E\n")
    assert table.rows == [["A", "B"], ["D", "E"]]
    assert table.warnings == [("extra_cells", {"rows": "2", "count": 1})]


def test_reading_stops_after_a_long_run_of_empty_rows_and_says_so():
    data = b"Name\nA\n" + b"\n" * 50 + b"B\n"
    table = read_table(data, limits=Limits(empty_rows=20))
    assert table.rows == [["A"]]
    assert table.warnings == [("stopped_at_empty_rows", {"row": 2})]
    assert read_table(data, limits=Limits(empty_rows=100)).rows == [["A"], ["B"]]


# --- errors and limits ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "limits", "code"),
    [
        (b"", Limits(), "empty"),
        (b"\n\n  \n", Limits(), "empty"),
        (b"Name;Haltung\n", Limits(), "header_only"),
        (bytes(range(256)) * 40, Limits(), "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, Limits(), "old_excel"),
        (b"PK\x03\x04 not really a zip", Limits(), "unreadable_xlsx"),
        (b"x" * 2000, Limits(max_bytes=1000), "too_large"),
        (b"Name\n" + b"a\n" * 11, Limits(max_rows=10), "too_many_rows"),
        (b",".join([b"h"] * 11) + b"\n" + b"a\n", Limits(max_columns=10), "too_many_columns"),
        (b"Name\n" + b"a" * 101 + b"\n", Limits(max_cell=100), "cell_too_long"),
        (b'Name\n"' + b"a" * 200_000 + b'"\n', Limits(max_bytes=10**6), "cell_too_long"),
        (b"Name\na\n", Limits(seconds=-1), "too_slow"),
    ],
)
def test_every_limit_and_unusable_file_has_its_code(data, limits, code):
    with pytest.raises(TableError) as caught:
        read_table(data, "file.csv", limits=limits)
    assert caught.value.code == code


def test_a_long_cell_names_its_row():
    with pytest.raises(TableError) as caught:
        read_table(b"Name\nok\n\n" + b"a" * 200_000 + b"\n", limits=Limits(max_bytes=10**6))
    assert caught.value.params["row"] == 4


def test_a_missing_sheet_lists_the_sheets():
    with pytest.raises(TableError) as caught:
        read_table(xlsx_bytes([["Name"], ["A"]], title="Akteure"), "a.xlsx", sheet="Nope")
    assert (caught.value.code, caught.value.params["sheets"]) == ("sheet_missing", "Akteure")


@pytest.mark.parametrize("reference", ["XFD1048576", "XFD20000", "A1048576"])
def test_a_far_away_cell_does_not_make_reading_walk_the_empty_sheet(reference):
    data = far_cell_xlsx(reference)
    limits = Limits()
    tracemalloc.start()
    try:
        archive = Archive(data, limits, float("inf"), "unreadable_xlsx")
        source = XlsxSource(archive, limits)
        table = build(source.rows(), limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (table.header, table.rows) == (["Name", "Ort"], [["Ada", "Köln"]])
    assert source.touched <= 5  # the cells in the file, not 16,384 × a million
    assert peak < 5 * 1024 * 1024
    assert read_table(data, "a.xlsx").rows == [["Ada", "Köln"]]


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(64):
                part.write(b" " * (1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 200_000
    tracemalloc.start()
    try:
        with pytest.raises(TableError) as caught:
            read_table(data, "bomb.xlsx", limits=Limits(max_unpacked=32 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.code == "too_large_unpacked"
    assert peak < 2 * 1024 * 1024


def test_a_workbook_padded_with_spaces_inside_the_limit_is_read_in_pieces():
    """Like the 1 GB padded workbook of the issue, scaled down: bounded memory."""
    padding = " " * (8 * 1024 * 1024)
    book = openpyxl.Workbook()
    book.active.append(["Name"])
    book.active.append(["Ada"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"<sheetData>", b"<sheetData>" + padding.encode())
            archive.writestr(info.filename, content)
    tracemalloc.start()
    try:
        table = read_table(out.getvalue(), "padded.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.rows == [["Ada"]]
    assert peak < 3 * 1024 * 1024


def test_an_ods_row_repeated_a_million_times_stops_at_the_row_limit():
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>"
    )
    with pytest.raises(TableError) as caught:
        read_table(ods_bytes(content=row), "a.ods", limits=Limits(max_rows=100))
    assert caught.value.code == "too_many_rows"
    empty = (
        '<table:table-row table:number-rows-repeated="1048570">'
        "<table:table-cell/></table:table-row>"
    )
    cell = '<table:table-row><table:table-cell office:value-type="string"><text:p>{}</text:p>'
    cell += "</table:table-cell></table:table-row>"
    data = ods_bytes(content=cell.format("Name") + cell.format("A") + empty + cell.format("B"))
    table = read_table(data, "a.ods")
    assert table.rows == [["A"]]
    assert table.warnings == [("stopped_at_empty_rows", {"row": 2})]


def test_a_document_type_declaration_is_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]>'
        b"<office:document-content>&lol2;</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", bomb)
    with pytest.raises(TableError) as caught:
        read_table(buffer.getvalue(), "a.ods")
    assert caught.value.code == "unreadable_xlsx"
