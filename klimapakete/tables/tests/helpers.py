"""Writing test workbooks: XLSX with openpyxl, ODS by hand (a zip with content.xml)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

import openpyxl

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    "<office:body><office:spreadsheet>"
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def xlsx_bytes(rows, *, title: str = "Tabelle1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            if value not in ("", None):
                cell = sheet.cell(number, column, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even "=1+2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods_cell(value) -> str:
    if value in ("", None):
        return "<table:table-cell/>"
    if isinstance(value, float | int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(p)}</text:p>" for p in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def ods_bytes(rows=None, *, content: str | None = None, name: str = "Tabelle1") -> bytes:
    """An ODS file of ``rows``, or with ``content`` as the inside of its one table."""
    if content is None:
        content = "".join(
            "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
    xml = ODS_HEAD + f"<table:table table:name={quoteattr(name)}>{content}</table:table>" + ODS_TAIL
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)
        archive.writestr("content.xml", xml)
    return buffer.getvalue()


def far_cell_xlsx(reference: str) -> bytes:
    """Two rows of data and one cell far away (e.g. at XFD1048576, the last one)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Ort"])
    sheet.append(["Ada", "Köln"])
    sheet[reference] = "far away"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
