"""PDF output of the document model and of custom templates, read back as text."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete.documents import (
    Document,
    Paragraph,
    Span,
    Table,
    clean_text,
    document_text,
    render_typst,
    shipped_fonts,
    to_pdf,
)
from klimapakete.documents.testing import (
    HOSTILE,
    contains,
    pdf_fonts,
    pdf_pages,
    pdf_reader,
    pdf_text,
)
from klimapakete.documents.tests.samples import SVG, every_block, hostile_document, statute

SHIPPED = {"NotoSans", "NotoSansMono", "DejaVuSans", "NotoColorEmoji"}


def family(font_name: str) -> str:
    return font_name.split("-", 1)[0]


def test_every_block_renders_and_its_text_is_in_the_pdf():
    document = every_block()
    pdf = to_pdf(document)
    assert pdf.startswith(b"%PDF-")
    # The letter, then a page break before the statute.
    assert pdf_pages(pdf) == 2
    text = pdf_text(pdf)
    for piece in document_text(document):
        assert contains(text, piece), piece


def test_the_letter_page_has_the_letter_and_the_statute_starts_on_a_new_page():
    pages = [page.extract_text() for page in pdf_reader(to_pdf(every_block())).pages]
    assert contains(pages[0], "Sehr geehrte Damen und Herren,")
    assert contains(pages[0], "Mit freundlichen Grüßen")
    assert contains(pages[1], "§ 1")
    assert not contains(pages[0], "§ 2")


def test_clauses_are_numbered_in_order_with_numbered_paragraphs():
    text = pdf_text(to_pdf(statute()))
    positions = [text.index(f"§\u00a0{n}") for n in (1, 2, 3)]
    assert positions == sorted(positions)
    # § 2 has two paragraphs: (1) and (2); § 1 has one and stays unnumbered.
    section_1 = text[positions[0] : positions[1]]
    section_2 = text[positions[1] : positions[2]]
    assert "(1)" not in section_1
    assert "(1)" in section_2 and "(2)" in section_2
    assert "1." in section_2 and "3." in section_2


def test_page_numbers_and_footer_on_every_page():
    document = Document(
        title="Lang",
        footer="Entwurf",
        page_label="Seite {page} von {pages}",
        blocks=[Paragraph("Absatz " * 80) for _ in range(20)],
    )
    reader = pdf_reader(to_pdf(document))
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, 1):
        text = page.extract_text()
        assert "Entwurf" in text
        assert f"Seite {number} von {len(reader.pages)}" in text


def test_a_single_page_has_no_page_number():
    text = pdf_text(to_pdf(Document(title="Kurz", blocks=[Paragraph("Nur eine Seite")])))
    assert "1 / 1" not in text


def test_hostile_strings_render_literally_everywhere():
    pdf = to_pdf(hostile_document())
    text = pdf_text(pdf)
    for value in HOSTILE:
        expected = clean_text(value)
        assert contains(text, expected), value
    assert "\u202e" not in text and "\u2066" not in text


def test_bidi_overrides_are_stripped_and_the_text_reads_forwards():
    pdf = to_pdf(Document(title="x", blocks=[Paragraph("Name: \u202eAnna Schmidt")]))
    text = pdf_text(pdf)
    assert "Anna Schmidt" in text
    assert "\u202e" not in text


def test_emoji_are_drawn_with_the_shipped_colour_font():
    pdf = to_pdf(Document(title="x", blocks=[Paragraph("Klima 🌍 Team")]))
    assert "NotoColorEmoji" in pdf_fonts(pdf)
    assert "🌍" in pdf_text(pdf)


def test_a_200_letter_word_breaks_instead_of_running_off_the_page():
    word = "W" * 200
    pdf = to_pdf(
        Document(
            title="x",
            blocks=[Paragraph(word), Table(header=["A", "B"], rows=[[word, "b"]], widths=[1, 3])],
        )
    )
    lines = pdf_text(pdf).splitlines()
    assert contains("".join(lines), word + "A")
    # No line is wider than the page could hold.
    assert max(len(line.replace("\u200b", "")) for line in lines) < 90


def test_a_copied_link_stays_whole():
    url = "https://klimapakete.example/r/Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGhJ/"
    pdf = to_pdf(Document(title="x", blocks=[Paragraph(Span(url, mono=True, link=url))]))
    assert url.rstrip("/") in pdf_text(pdf).replace("\n", "")
    assert url.encode() in pdf  # the link annotation


def test_only_web_mail_and_phone_links_become_links():
    pdf = to_pdf(
        Document(
            title="x",
            blocks=[Paragraph(Span("klick", link="javascript:alert(1)")), Paragraph("ok")],
        )
    )
    assert b"javascript" not in pdf
    assert "klick" in pdf_text(pdf)


def test_empty_values_render():
    document = Document(
        title="",
        blocks=[
            Paragraph(""),
            Table(header=["", ""], rows=[["", ""], []], footer=["", ""]),
            *hostile_document(empty=True).blocks,
        ],
    )
    assert pdf_pages(to_pdf(document)) >= 1


def test_the_same_document_gives_the_same_bytes_in_another_process():
    pdf = to_pdf(every_block())
    script = (
        "import hashlib, sys; from klimapakete.documents import to_pdf; "
        "from klimapakete.documents.tests.samples import every_block; "
        "sys.stdout.write(hashlib.sha256(to_pdf(every_block())).hexdigest())"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert other == hashlib.sha256(pdf).hexdigest()


def test_only_the_shipped_fonts_are_available():
    families = set(shipped_fonts().families())
    assert families == {"Noto Sans", "Noto Sans Mono", "DejaVu Sans", "Noto Color Emoji"}
    assert all(font.path for font in shipped_fonts().fonts())


def test_rendering_never_uses_host_or_built_in_fonts():
    """The template asks for fonts that exist on the host (Liberation Sans, from Debian)
    and in Typst itself (DejaVu Sans Mono, Libertinus); none of them may be used."""
    host = set(typst.Fonts(include_system_fonts=True, include_embedded_fonts=True).families())
    assert {"DejaVu Sans Mono", "Libertinus Serif"} <= host
    pdf = render_typst(
        "documents/tests/typst/other_fonts.typ", {"text": "Grüße aus dem Rathaus 🌍"}
    )
    used = {family(name) for name in pdf_fonts(pdf)}
    assert used and used <= SHIPPED
    assert contains(pdf, "Grüße aus dem Rathaus")


def test_render_typst_gives_png_and_svg_pages():
    data = {"text": "Seite", "pages": 3}
    pngs = render_typst("documents/tests/typst/other_fonts.typ", data, format="png", ppi=20)
    assert len(pngs) == 3 and all(p.startswith(b"\x89PNG") for p in pngs)
    second = render_typst(
        "documents/tests/typst/other_fonts.typ", data, format="png", ppi=20, pages=[2]
    )
    assert second == [pngs[1]]
    svgs = render_typst("documents/tests/typst/other_fonts.typ", data, format="svg", pages=[1])
    assert len(svgs) == 1 and b"<svg" in svgs[0]


def test_render_typst_refuses_templates_outside_the_project_and_pages_of_a_pdf(tmp_path):
    outside = tmp_path / "evil.typ"
    outside.write_text("#panic()")
    with pytest.raises(ValueError):
        render_typst(outside, {})
    with pytest.raises(ValueError):
        render_typst("documents/typst/document.typ", {}, pages=[1])


def test_images_from_bytes():
    from klimapakete.documents import Image

    pdf = to_pdf(Document(title="x", blocks=[Image(SVG, "svg", alt="Balken", width_mm=40)]))
    assert pdf_pages(pdf) == 1
    assert b"/Alt" in pdf or b"Balken" in pdf


TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs", "Cc", "Cf"),
        max_codepoint=0x2FFF,
    ),
    max_size=60,
)


@settings(max_examples=25, deadline=None)
@given(TEXT, TEXT)
def test_any_text_renders_and_comes_out(paragraph, cell):
    """Arbitrary text (controls, markup, marks) never breaks rendering. Where every
    character is drawn by a shipped font (Latin, Greek, Cyrillic, symbols), the text
    comes out as it went in."""
    pdf = to_pdf(
        Document(title=cell, blocks=[Paragraph(paragraph), Table(header=["h"], rows=[[cell]])])
    )
    text = pdf_text(pdf)
    for value in (paragraph, cell):
        cleaned = clean_text(value)
        if all(ord(c) < 0x0530 or 0x2000 <= ord(c) < 0x2070 for c in cleaned):
            assert contains(text, "".join(c for c in cleaned if c.isprintable())), value


def test_serial_letters_each_start_a_page():
    from klimapakete.documents import Closing, LetterHead, PageBreak

    def letter(name):
        return [
            LetterHead(sender=["Klimateam"], recipient=[name], salutation=f"Guten Tag {name},"),
            Paragraph("Text"),
            Closing(greeting="Mit freundlichen Grüßen", signature=["Klimateam"]),
        ]

    blocks = [*letter("Anna"), *letter("Ben"), PageBreak(), *letter("Cem")]
    reader = pdf_reader(to_pdf(Document(title="Serienbrief", blocks=blocks)))
    assert len(reader.pages) == 3
    for page, name in zip(reader.pages, ("Anna", "Ben", "Cem"), strict=True):
        assert f"Guten Tag {name}," in page.extract_text()
