"""DOCX output: python-docx opens it again and finds real headings, lists and tables."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn

from klimapakete.documents import (
    Document,
    ItemList,
    LetterHead,
    PageBreak,
    Paragraph,
    clean_text,
    to_docx,
)
from klimapakete.documents.testing import HOSTILE
from klimapakete.documents.tests.samples import every_block, hostile_document


def reopen(document: Document):
    return docx.Document(io.BytesIO(to_docx(document)))


def all_text(opened) -> str:
    parts = [p.text for p in opened.paragraphs]
    for table in opened.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def styled(opened, style: str) -> list[str]:
    return [p.text for p in opened.paragraphs if p.style.name == style]


def test_headings_and_clauses_use_heading_styles():
    opened = reopen(every_block())
    assert styled(opened, "Heading 1") == ["Satzung des Klimabeirats der Stadt Grünstadt"]
    clauses = [t for t in styled(opened, "Heading 2") if t.startswith("§")]
    assert clauses == ["§\u00a01 Name und Sitz", "§\u00a02 Aufgaben", "§\u00a03 Zusammensetzung"]
    assert "Bilder" in styled(opened, "Heading 3")


def test_clause_paragraphs_and_items_are_numbered_as_text():
    texts = [p.text for p in reopen(every_block()).paragraphs]
    assert "Der Beirat führt den Namen „Klimabeirat Grünstadt“." in texts  # one: unnumbered
    assert any(t.startswith("(1)\tDer Klimabeirat berät") for t in texts)
    assert "(2)\tStellungnahmen werden veröffentlicht." in texts
    assert "3.\tdie Klimastrategie begleiten." in texts


def test_tables_have_a_repeated_bold_header_and_every_cell():
    opened = reopen(every_block())
    table = next(t for t in opened.tables if t.rows[0].cells[0].text == "Gruppe")
    assert [c.text for c in table.rows[0].cells] == ["Gruppe", "Sitze", "Anteil"]
    assert [c.text for c in table.rows[1].cells] == ["Stadtrat", "7", "43,75\u00a0%"]
    assert [c.text for c in table.rows[-1].cells] == ["Summe", "10", "62,50 %"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)
    assert table.style.name == "Table Grid"


def test_lists_use_list_styles_and_each_numbered_list_starts_at_one():
    opened = reopen(
        Document(
            title="x",
            blocks=[
                ItemList(["a", "b"], numbered=True),
                Paragraph("dazwischen"),
                ItemList(["c", "d"], numbered=True),
                ItemList(["e"]),
            ],
        )
    )
    numbered = [p for p in opened.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["a", "b", "c", "d"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2] == ids[3]
    numbering = opened.part.numbering_part.element
    for num_id in (ids[0], ids[2]):
        num = numbering.num_having_numId(num_id)
        assert num.find(qn("w:lvlOverride")).find(qn("w:startOverride")).get(qn("w:val")) == "1"
    assert styled(opened, "List Bullet") == ["e"]


def test_letter_parts_links_images_and_metadata():
    opened = reopen(every_block())
    text = all_text(opened)
    for expected in (
        "Klimateam Grünstadt",
        "Stadtverwaltung Grünstadt",
        "Grünstadt, 6. Dezember 2026",
        "Antrag auf Einrichtung eines Klimabeirats",
        "Sehr geehrte Damen und Herren,",
        "Mit freundlichen Grüßen",
        "Anna Muster",
        "Hier anmelden:",
    ):
        assert expected in text, expected
    links = [r.target_ref for r in opened.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert links == ["https://example.org/klima"]
    assert len(opened.inline_shapes) == 2  # the SVG as a bitmap, and the PNG
    properties = opened.core_properties
    assert properties.title == "Klimabeirat Grünstadt"
    assert properties.author == "Klimateam Grünstadt"
    assert properties.language == "de-DE"
    assert "Entwurf des Klimateams Grünstadt" in opened.sections[0].footer.paragraphs[0].text
    section = opened.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 25


def test_hostile_and_empty_text_opens_and_comes_out_cleaned():
    opened = reopen(hostile_document())
    text = all_text(opened)
    for value in HOSTILE:
        assert clean_text(value).replace("\t", "") in text.replace("\t", ""), value
    assert "\u202e" not in text
    reopen(hostile_document(empty=True))


def page_breaks(opened) -> int:
    return sum(1 for br in opened.element.body.iter(qn("w:br")) if br.get(qn("w:type")) == "page")


def test_each_letter_starts_a_page_and_breaks_never_double():
    letter = [LetterHead(sender=["Team"], subject="Betreff"), Paragraph("Text")]
    assert page_breaks(reopen(Document(title="x", blocks=letter))) == 0
    serial = Document(title="x", blocks=[*letter, *letter, PageBreak(), *letter])
    assert page_breaks(reopen(serial)) == 2
    assert page_breaks(reopen(Document(title="x", blocks=[PageBreak(), PageBreak()]))) == 0
