"""Render times of the document pipeline, per document type (PDF and DOCX).

Run with ``.venv/bin/python bench/documents/run.py`` (or ``make bench``). Every render
uses different data (Typst memoises identical inputs within a process, which would make
repeats look free). Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from klimapakete.documents import (  # noqa: E402
    Callout,
    Clause,
    Closing,
    Document,
    Heading,
    Image,
    ItemList,
    LetterHead,
    Paragraph,
    Span,
    Subclause,
    Table,
    format_percent,
    render_typst,
    to_docx,
    to_pdf,
)
from klimapakete.documents.testing import pdf_pages  # noqa: E402
from klimapakete.documents.tests.samples import SVG  # noqa: E402

REPEATS = 7
SECTORS = ("#2a7a4a", "#aa7722", "#225599", "#993355", "#557722", "#777777")


def letter(i: int) -> Document:
    url = f"https://klimapakete.example/r/{i:043d}/"
    return Document(
        title=f"Einladung {i}",
        blocks=[
            LetterHead(
                sender=["Klimateam Grünstadt", "Hauptstraße 1", "67269 Grünstadt"],
                recipient=[f"Anna Muster {i}", "Kreuzerweg 7", "67269 Grünstadt"],
                place_date="Grünstadt, 6. Dezember 2026",
                subject=f"Gestalten Sie die Zukunft von Grünstadt ({i})",
                salutation=f"Guten Tag Anna Muster {i},",
            ),
            *[Paragraph("Sie wurden zufällig aus dem Melderegister ausgewählt. " * 4)] * 3,
            Callout(
                [
                    Paragraph(Span("Hier anmelden:", strong=True)),
                    Paragraph(Span(url, mono=True, link=url)),
                ]
            ),
            Paragraph("Ihre Daten werden nur für dieses Panel verwendet. " * 3, style="small"),
            Closing(greeting="Mit freundlichen Grüßen", signature=["Klimateam Grünstadt"]),
        ],
    )


def request(i: int) -> Document:
    rows = [
        [
            f"Stadtteil {n}",
            format_percent(100 / 20, "de"),
            format_percent(8 + n / 4, "de"),
            str(40 + n),
        ]
        for n in range(20)
    ]
    return Document(
        title=f"Anfrage {i}",
        blocks=[
            Heading("Bitte um eine Zufallsstichprobe aus dem Melderegister"),
            Paragraph(f"Bürgerrat {i}", style="lead"),
            *[
                Paragraph(
                    "Für das Bürger:innen-Panel bitten wir Sie, Einwohner:innen zu ziehen. " * 3
                )
            ]
            * 2,
            Heading("Stichprobe je Schicht", level=2),
            Table(
                header=["Stadtteil", "Anteil", "Rücklauf", "Briefe"],
                rows=rows,
                widths=[None, 1, 1, 1],
                align=["left", "right", "right", "right"],
                footer=["Summe", "", "", "1190"],
            ),
            Heading("Datenschutz", level=2),
            ItemList(["Zweckbindung: nur für dieses Panel."] * 4),
        ],
    )


def statute(i: int) -> Document:
    clauses = [
        Clause(
            f"Regelung {n}",
            [
                Subclause(
                    "Der Klimabeirat berät den Stadtrat und die Verwaltung. " * 2,
                    items=["erstens,", "zweitens,", "drittens."],
                ),
                "Näheres regelt die Geschäftsordnung des Beirats. " * 3,
                "Die Stellungnahmen werden veröffentlicht.",
            ],
        )
        for n in range(1, 25)
    ]
    return Document(
        title=f"Satzung {i}",
        footer="Entwurf",
        blocks=[
            Heading(f"Satzung des Klimabeirats ({i})"),
            *clauses,
            Image(SVG, "svg", alt="Sitze", width_mm=80),
        ],
    )


def workshop_data(i: int, people: int = 60, rounds: int = 4, per_table: int = 5) -> dict:
    names = [f"Person {n} Müller-Lüdenscheidt {i}" for n in range(people)]
    tables = -(-people // per_table)

    def person(n: int) -> dict:
        return {
            "name": names[n],
            "sector": f"Bereich {n % 6}",
            "colour": SECTORS[n % 6],
            "host": n % per_table == 0,
        }

    return {
        "title": f"Zukunftswerkstatt {i}",
        "subtitle": "6. Dezember 2026 · Rathaus",
        "lang": "de",
        "empty": "Noch kein Tisch.",
        "host_label": "Tischgastgeber:in",
        "rounds": [
            {
                "heading": f"Runde {r + 1}",
                "time": f"{14 + r}:30",
                "tables": [
                    {
                        "heading": f"Tisch {t + 1}",
                        "people": [
                            person((t * per_table + k + r * 7) % people) for k in range(per_table)
                        ],
                    }
                    for t in range(tables)
                ],
            }
            for r in range(rounds)
        ],
        "people": [
            {
                **person(n),
                "lines": [
                    {"time": f"{14 + r}:30", "text": f"Runde {r + 1}: Tisch {(n + r) % tables + 1}"}
                    for r in range(rounds)
                ],
            }
            for n in range(people)
        ],
    }


def timed(make, render) -> tuple[float, float, bytes]:
    times = []
    for i in range(REPEATS):
        document = make(i)
        started = time.perf_counter()
        output = render(document)
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times), output


def cold_start() -> float:
    """Import, font loading and the first render in a fresh process."""
    script = (
        "import time; t = time.perf_counter(); from klimapakete.documents import to_pdf; "
        "from klimapakete.documents.tests.samples import every_block; to_pdf(every_block()); "
        "print(time.perf_counter() - t)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(output.stdout)


def main() -> None:
    cases = [
        ("letter (1 page)", letter, to_pdf, "pdf"),
        ("letter (1 page)", letter, to_docx, "docx"),
        ("request with a 20-row table", request, to_pdf, "pdf"),
        ("request with a 20-row table", request, to_docx, "docx"),
        ("statute, 24 §§ and a chart", statute, to_pdf, "pdf"),
        ("statute, 24 §§ and a chart", statute, to_docx, "docx"),
    ]
    for name, template in (
        ("table plan", "tables"),
        ("name cards", "cards"),
        ("schedules", "schedules"),
    ):
        path = f"workshops/typst/{template}.typ"
        cases.append(
            (
                f"{name}, 60 people, 4 rounds",
                workshop_data,
                lambda data, path=path: render_typst(path, data),
                "pdf",
            )
        )
    cases.append(
        (
            "table plan page 1 as PNG (144 ppi)",
            workshop_data,
            lambda data: render_typst("workshops/typst/tables.typ", data, format="png", pages=[1])[
                0
            ],
            "png",
        )
    )
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"Cold start (import, fonts, first PDF): {cold_start():.2f} s\n")
    print("| document | format | pages | median | slowest | size |")
    print("|---|---|---|---|---|---|")
    for name, make, render, fmt in cases:
        median, slowest, output = timed(make, render)
        pages = pdf_pages(output) if fmt == "pdf" else "–"
        size = f"{len(output) / 1024:.0f} KiB"
        times = f"{median * 1000:.0f} ms | {slowest * 1000:.0f} ms"
        print(f"| {name} | {fmt} | {pages} | {times} | {size} |")


if __name__ == "__main__":
    main()
