"""Table layer benchmark: seconds per MB for CSV, XLSX and ODS, and the hostile files.

Builds the files in memory (a respondent list of 20,000 rows × 12 columns, the size limit
of an upload), reads each three times and reports the best time. Hostile files: one cell
at XFD1048576, a cell at XFD20000, a 1 GB zip bomb (refused before inflating), a workbook
padded with 64 MB of spaces, an ODS row repeated a million times. Bounded: about a
minute. Run with ``.venv/bin/python bench/tables/run.py`` (also part of ``make bench``).
"""

from __future__ import annotations

import contextlib
import io
import platform
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402

from klimapakete.tables import Limits, TableError, read_table, write_csv  # noqa: E402
from klimapakete.tables.tests.helpers import far_cell_xlsx, ods_bytes  # noqa: E402

ROWS = 20_000
HEADER = ["Nr", "Vorname", "Nachname", "Straße", "PLZ", "Ort", "E-Mail", "Telefon"]
HEADER += ["Geschlecht", "Altersgruppe", "Stadtteil", "Anmerkung"]


def respondents() -> list[list[str]]:
    return [
        [
            str(i),
            f"Vorname{i % 97}",
            f"Müller-Lüdenscheidt {i}",
            f"Hauptstraße {i % 300}",
            f"{10000 + i % 900}",
            "Großenhain",
            f"person{i}@example.org",
            f"+49 351 {i:07d}",
            "wm"[i % 2],
            ("16–29", "30–49", "50–64", "65+")[i % 4],
            ("Nord", "Süd", "Ost", "West")[i % 4],
            "" if i % 3 else "möchte per Post informiert werden",
        ]
        for i in range(ROWS)
    ]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb(megabytes: int) -> bytes:
    buffer = io.BytesIO()
    block = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part,
    ):
        for _ in range(megabytes):
            part.write(block)
    return buffer.getvalue()


def padded(megabytes: int) -> bytes:
    base = zipfile.ZipFile(io.BytesIO(far_cell_xlsx("B2")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            content = base.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                pad = b" " * (megabytes * 1024 * 1024)
                content = content.replace(b"<sheetData>", b"<sheetData>" + pad)
            archive.writestr(info.filename, content)
    return out.getvalue()


def repeated_ods() -> bytes:
    row = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
        "</table:table-row>"
    )
    return ods_bytes(content=row)


def measure(data: bytes, name: str, limits: Limits, repeat: int = 3):
    best, outcome, peak = float("inf"), "", 0
    for _ in range(repeat):
        tracemalloc.start()
        started = time.perf_counter()
        try:
            table = read_table(data, name, limits=limits)
            outcome = f"{len(table.rows)} rows"
        except TableError as error:
            outcome = f"refused: {error.code}"
        best = min(best, time.perf_counter() - started)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return best, outcome, peak


def main() -> None:
    print(f"# Python {platform.python_version()}, {platform.machine()}", flush=True)
    limits = Limits()
    rows = respondents()
    files = {
        "CSV UTF-8 ;": (write_csv(HEADER, rows, delimiter=";"), "a.csv"),
        "CSV Windows-1252 ,": (
            write_csv(HEADER, rows, bom=False).decode("utf-8").encode("cp1252"),
            "a.csv",
        ),
        "XLSX": (xlsx(rows), "a.xlsx"),
        "ODS": (ods_bytes([HEADER, *rows]), "a.ods"),
    }
    # Memory is measured with tracemalloc, which slows reading down: time is reported
    # from separate runs without it. The time budget is lifted for the big files, so that
    # tracemalloc's slowness does not refuse them.
    print("| file | size | rows | CPU seconds | CPU s/MB | peak memory |")
    print("|---|---|---|---|---|---|")
    for label, (data, name) in files.items():
        big = Limits(max_bytes=64 * 1024 * 1024, seconds=120)
        seconds = min(_time(data, name, big) for _ in range(3))
        _, outcome, peak = measure(data, name, big, repeat=1)
        mb = len(data) / (1024 * 1024)
        print(
            f"| {label} | {mb:.2f} MB | {outcome} | {seconds:.3f} | {seconds / mb:.3f} "
            f"| {peak / 1e6:.0f} MB |",
            flush=True,
        )
    print()
    print("| hostile file | size | outcome | CPU seconds | peak memory |")
    print("|---|---|---|---|---|")
    hostile = {
        "one cell at XFD1048576": (far_cell_xlsx("XFD1048576"), "a.xlsx", limits),
        "data and a cell at XFD20000": (far_cell_xlsx("XFD20000"), "a.xlsx", limits),
        "zip bomb, 1 GB of spaces": (zip_bomb(1024), "a.xlsx", limits),
        "workbook padded with 64 MB of spaces": (padded(64), "a.xlsx", limits),
        "ODS row repeated 1,000,000 times": (repeated_ods(), "a.ods", limits),
    }
    for label, (data, name, lim) in hostile.items():
        seconds = min(_time(data, name, lim) for _ in range(3))
        _, outcome, peak = measure(data, name, lim, repeat=1)
        print(
            f"| {label} | {len(data) / 1024:.0f} KB | {outcome} | {seconds:.4f} "
            f"| {peak / 1e6:.1f} MB |",
            flush=True,
        )


def _time(data: bytes, name: str, limits: Limits) -> float:
    """CPU seconds (the machine is shared: wall-clock time says more about the others)."""
    started = time.process_time()
    with contextlib.suppress(TableError):
        read_table(data, name, limits=limits)
    return time.process_time() - started


if __name__ == "__main__":
    main()
