"""Documents used by the tests (and the render benchmark)."""

from __future__ import annotations

import struct
import zlib

from klimapakete.documents import (
    Callout,
    Clause,
    Closing,
    Document,
    Heading,
    Image,
    ItemList,
    LetterHead,
    PageBreak,
    Paragraph,
    Span,
    Subclause,
    Table,
    format_percent,
)
from klimapakete.documents.testing import HOSTILE

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    b'<rect x="10" y="10" width="60" height="80" fill="#2a7a4a"/>'
    b'<rect x="90" y="40" width="60" height="50" fill="#aa7722"/>'
    b'<text x="10" y="98" font-size="9">Sitze</text></svg>'
)


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (42, 122, 74)) -> bytes:
    """A one-colour PNG, written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = png()


def statute_blocks() -> list:
    return [
        Heading("Satzung des Klimabeirats der Stadt Grünstadt"),
        Paragraph(
            "Aufgrund des § 24 der Gemeindeordnung hat der Stadtrat folgende Satzung beschlossen:",
            style="lead",
        ),
        Clause("Name und Sitz", ["Der Beirat führt den Namen „Klimabeirat Grünstadt“."]),
        Clause(
            "Aufgaben",
            [
                Subclause(
                    "Der Klimabeirat berät den Stadtrat und die Verwaltung. Er kann",
                    items=[
                        "zu klimarelevanten Beschlüssen Stellung nehmen,",
                        "eigene Themen aufgreifen,",
                        "die Klimastrategie begleiten.",
                    ],
                ),
                "Stellungnahmen werden veröffentlicht.",
            ],
        ),
        Clause(
            "Zusammensetzung",
            [
                Subclause("Dem Beirat gehören 16 Mitglieder an."),
                Subclause("Jedes Mitglied hat eine persönliche Stellvertretung."),
            ],
        ),
    ]


def statute() -> Document:
    return Document(title="Satzung", blocks=statute_blocks())


def every_block() -> Document:
    """One document with every block type: a letter, then a statute on page 2."""
    return Document(
        title="Klimabeirat Grünstadt",
        author="Klimateam Grünstadt",
        subject="Entwurf",
        footer="Entwurf des Klimateams Grünstadt",
        keywords=("Klimabeirat", "Satzung"),
        blocks=[
            LetterHead(
                sender=["Klimateam Grünstadt", "c/o Anna Muster", "Hauptstraße 1"],
                recipient=["Stadtverwaltung Grünstadt", "Bürgeramt", "67269 Grünstadt"],
                details=[("Ansprechpartnerin", "Anna Muster"), ("E-Mail", "anna@example.org")],
                place_date="Grünstadt, 6. Dezember 2026",
                subject="Antrag auf Einrichtung eines Klimabeirats",
                salutation="Sehr geehrte Damen und Herren,",
            ),
            Paragraph(
                [
                    "wir bitten ",
                    Span("freundlich", strong=True),
                    " um ",
                    Span("Unterstützung", emphasis=True),
                    ". Mehr unter ",
                    Span("https://example.org/klima", link="https://example.org/klima"),
                    ".",
                ]
            ),
            Callout(
                [
                    Paragraph(Span("Hier anmelden:", strong=True)),
                    ItemList(["online", "per Antwortkarte"]),
                ]
            ),
            Closing(
                greeting="Mit freundlichen Grüßen",
                signature=["Anna Muster", "Koordinatorin"],
                enclosures=["Satzungsentwurf"],
                enclosures_label="Anlage",
            ),
            PageBreak(),
            *statute_blocks(),
            Heading("Sitze", level=2),
            Table(
                header=["Gruppe", "Sitze", "Anteil"],
                rows=[
                    ["Stadtrat", "7", format_percent(43.75, "de", decimals=2)],
                    ["Wissenschaft", "3", format_percent(18.75, "de", decimals=2)],
                ],
                widths=[3, 1, 1],
                align=["left", "right", "right"],
                footer=["Summe", "10", "62,50 %"],
                caption="Sitze nach Gruppen",
            ),
            ItemList(["erstens", "zweitens"], numbered=True),
            ItemList(["eins", "zwei"]),
            Heading("Bilder", level=3),
            Image(SVG, "svg", alt="Balkendiagramm der Sitze", width_mm=50, caption="Sitze"),
            Image(PNG, "png", alt="Farbfelder", width_mm=10),
            Paragraph("Kleingedrucktes am Ende.", style="small", align="justify"),
        ],
    )


def hostile_document(empty: bool = False) -> Document:
    """Every text field of every block filled with hostile strings (or left empty)."""
    values = [""] if empty else HOSTILE
    blocks: list = []
    for value in values:
        blocks += [
            LetterHead(
                sender=[value, value],
                recipient=[value],
                details=[(value, value)],
                place_date=value,
                subject=value,
                salutation=value,
                return_line=value,
            ),
            Heading(value),
            Paragraph([value, Span(value, strong=True, link=value)]),
            ItemList([value], numbered=True),
            Clause(value, [Subclause(value, items=[value]), value]),
            Table(header=[value], rows=[[value]], footer=[value], caption=value),
            Callout([Paragraph(value)]),
            Closing(greeting=value, signature=[value], enclosures=[value], enclosures_label=value),
        ]
    return Document(title=values[0], author=values[0], footer=values[0], blocks=blocks)
