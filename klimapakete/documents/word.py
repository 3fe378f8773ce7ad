"""DOCX through python-docx, from the same document model as the PDF. Pure (no Django).

The file is meant to be edited (council groups rework motions in their word processor):
headings use Word's heading styles (they appear in the navigation pane), lists use the
list styles with their own numbering, tables the "Table Grid" style with a repeated
header row, and clause numbers are plain text ("§ 1", "(1)") so they survive any edit.
The body font is Arial, which every word processor has or replaces metric-compatibly.
"""

from __future__ import annotations

import io
import re

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from klimapakete.documents import model
from klimapakete.documents.model import Document, Span
from klimapakete.documents.pdf import TEXT_WIDTH_MM, render_typst, safe_link
from klimapakete.documents.text import clean_text

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x4E, 0x3D)
LINK = RGBColor(0x1A, 0x4F, 0x8A)
GREY = RGBColor(0x46, 0x46, 0x46)
LANGUAGES = {"de": "de-DE", "en": "en-GB"}
SVG_TEMPLATE = "documents/typst/svg.typ"
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
CLAUSE_INDENT = Mm(9)
ITEM_INDENT = Mm(7)


def to_docx(document: Document) -> bytes:
    """The document as an editable DOCX file (A4, margins as in the PDF)."""
    out = docx.Document()
    _setup(out, document)
    labels = model.clause_labels(document)
    for index, block in enumerate(document.blocks):
        _add_block(out, block, labels.get(index, ""))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- page, styles and metadata ---------------------------------------------------------


def _setup(out, document: Document) -> None:
    properties = out.core_properties
    properties.title = clean_text(document.title)
    properties.author = clean_text(document.author)
    properties.subject = clean_text(document.subject)
    properties.keywords = clean_text(", ".join(document.keywords))
    language = LANGUAGES.get(document.language[:2].lower(), document.language)
    properties.language = language
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(24)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    _defaults(out, language)
    normal = out.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 17), ("Heading 2", 12.5), ("Heading 3", 11)):
        style = out.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = ACCENT
        style.paragraph_format.space_before = Pt(14)
        style.paragraph_format.space_after = Pt(6)
    for style in out.styles:
        _plain_fonts(style.element)
    _footer(out, section, document)


def _defaults(out, language: str) -> None:
    """Arial and the document's language (spell-checking) for all text."""
    defaults = out.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), "ar-SA")
    _plain_fonts(properties)


def _plain_fonts(element) -> None:
    """Drop theme font references (they would win over Arial)."""
    for fonts in element.iter(qn("w:rFonts")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that the word processor fills in."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    paragraph._p.append(field)
    run = paragraph.add_run("1")
    _small(run, Pt(8))
    field.append(run._r)  # moves the placeholder run into the field


def _footer(out, section, document: Document) -> None:
    paragraph = section.footer.paragraphs[0]
    # "Normal", not the template's "Footer" style: its centre tab would catch the number.
    paragraph.style = out.styles["Normal"]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
    if document.footer:
        _small(paragraph.add_run(clean_text(document.footer)), Pt(8))
    _small(paragraph.add_run("\t"), Pt(8))
    for part in re.split(r"(\{page\}|\{pages\})", clean_text(document.page_label)):
        if part == "{page}":
            _field(paragraph, "PAGE")
        elif part == "{pages}":
            _field(paragraph, "NUMPAGES")
        elif part:
            _small(paragraph.add_run(part), Pt(8))


SMALL = Pt(8.5)


def _small(run, size=SMALL):
    run.font.size = size
    run.font.color.rgb = GREY
    return run


# --- inline content ----------------------------------------------------------------------


def _hyperlink(paragraph, url: str, span: Span) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = paragraph.add_run(clean_text(span.text))
    _format(run, span)
    run.font.color.rgb = LINK
    run.font.underline = True
    link.append(run._r)  # moves the run into the hyperlink
    paragraph._p.append(link)


def _format(run, span: Span) -> None:
    run.bold = span.strong or None
    run.italic = span.emphasis or None
    if span.mono:
        run.font.name = "Courier New"


def _inline(paragraph, content: tuple[Span, ...]) -> None:
    for span in content:
        url = safe_link(span.link) if span.link else ""
        if url:
            _hyperlink(paragraph, url, span)
        else:
            _format(paragraph.add_run(clean_text(span.text)), span)


def _lines(paragraph, lines, *, bold_first: bool = False, size=None) -> None:
    """Lines in one paragraph, separated by line breaks (addresses, signatures)."""
    for position, line in enumerate(lines):
        run = paragraph.add_run(clean_text(line))
        if bold_first and position == 0:
            run.bold = True
        if size:
            run.font.size = size
        if position < len(lines) - 1:
            run.add_break()


# --- blocks ----------------------------------------------------------------------------


def _numbering(out, style: str, start: int) -> int:
    """A new list numbering that restarts at ``start`` (else Word continues the last list)."""
    numbering = out.part.numbering_part.element
    style_num = out.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(start)
    return num.numId


def _list(out, block: model.ItemList) -> None:
    style = "List Number" if block.numbered else "List Bullet"
    num_id = _numbering(out, style, block.start) if block.numbered else None
    for item in block.items:
        paragraph = out.add_paragraph(style=style)
        if num_id is not None:
            properties = paragraph._p.get_or_add_pPr()
            numbering = properties.get_or_add_numPr()
            numbering.get_or_add_ilvl().val = 0
            numbering.get_or_add_numId().val = num_id
        _inline(paragraph, item)


def _hanging(paragraph, label: str, indent, left) -> None:
    form = paragraph.paragraph_format
    form.left_indent = left + indent
    form.first_line_indent = -indent
    form.tab_stops.add_tab_stop(left + indent)
    paragraph.add_run(label + "\t")


def _clause(out, block: model.Clause, label: str) -> None:
    heading = out.add_heading(level=2)
    heading.add_run(label + " ")
    _inline(heading, block.title)
    for position, sub in enumerate(block.paragraphs):
        paragraph = out.add_paragraph()
        number = model.subclause_label(block, position)
        if number:
            _hanging(paragraph, number, CLAUSE_INDENT, Mm(0))
        _inline(paragraph, sub.content)
        for item_number, item in enumerate(sub.items, 1):
            line = out.add_paragraph()
            _hanging(line, f"{item_number}.", ITEM_INDENT, CLAUSE_INDENT if number else Mm(0))
            line.paragraph_format.space_after = Pt(2)
            _inline(line, item)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(out, block: model.Table) -> None:
    rows = [block.header, *block.rows, *([block.footer] if block.footer else [])]
    table = out.add_table(rows=len(rows), cols=len(block.header))
    table.style = out.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    weights = [w if w is not None else 1 for w in block.widths]
    widths = [Mm(TEXT_WIDTH_MM * w / sum(weights)) for w in weights]
    last = len(rows) - 1
    for r, cells in enumerate(rows):
        row = table.rows[r]
        for c, content in enumerate(cells):
            cell = row.cells[c]
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[block.align[c]]
            paragraph.paragraph_format.space_after = Pt(0)
            _inline(paragraph, content)
            if r == 0 or (block.footer and r == last):
                for run in paragraph.runs:
                    run.bold = True
    _repeat_header(table.rows[0])
    if block.caption:
        _small(out.add_paragraph().add_run(clean_text(block.caption)))
    else:
        out.add_paragraph()


def _image(out, block: model.Image) -> None:
    width = Mm(min(block.width_mm or TEXT_WIDTH_MM, TEXT_WIDTH_MM))
    data = block.data
    if block.format == "svg":
        # Word needs a bitmap; Typst rasterises the SVG with the shipped fonts.
        data = render_typst(SVG_TEMPLATE, {"svg": block.data}, format="png", ppi=200)[0]
    out.add_picture(io.BytesIO(data), width=width)
    picture = out.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    description = picture._p.xpath(".//wp:docPr")
    for element in description:
        element.set("descr", clean_text(block.alt))
    if block.caption:
        caption = out.add_paragraph(clean_text(block.caption), style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _callout(out, block: model.Callout) -> None:
    table = out.add_table(rows=1, cols=1)
    table.style = out.styles["Table Grid"]
    cell = table.rows[0].cells[0]
    cell.width = Mm(TEXT_WIDTH_MM)
    first = True
    for inner in block.blocks:
        items = inner.items if isinstance(inner, model.ItemList) else [inner.content]
        for item in items:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if isinstance(inner, model.ItemList):
                paragraph.add_run("• ")
            _inline(paragraph, item)
    out.add_paragraph()


def _page_break(out) -> None:
    """A new page, unless the document is empty or has just broken one (as Typst's
    weak page break)."""
    body = out.element.body
    last = [child for child in body if child.tag != qn("w:sectPr")][-1:]
    if not last:
        return
    breaks = last[0].findall(f".//{qn('w:br')}")
    if last[0].tag == qn("w:p") and any(b.get(qn("w:type")) == "page" for b in breaks):
        return
    out.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _letterhead(out, block: model.LetterHead) -> None:
    _page_break(out)
    sender = out.add_paragraph()
    sender.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _lines(sender, block.sender, bold_first=True, size=Pt(8.5))
    sender.paragraph_format.space_after = Pt(24)
    # Address on the left, details and date on the right, as in the PDF.
    table = out.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(95), Mm(70)
    return_line = left.paragraphs[0]
    _small(return_line.add_run(clean_text(block.return_line)), Pt(7))
    return_line.runs[0].font.underline = True
    _lines(left.add_paragraph(), block.recipient)
    details = right.paragraphs[0]
    for label, value in block.details:
        _small(details.add_run(clean_text(label)))
        details.add_run().add_break()
        details.add_run(clean_text(value)).font.size = Pt(8.5)
        details.add_run().add_break()
    if block.place_date:
        right.add_paragraph(clean_text(block.place_date))
    out.add_paragraph().paragraph_format.space_after = Pt(24)
    if block.subject:
        subject = out.add_paragraph()
        subject.add_run(clean_text(block.subject)).bold = True
        subject.paragraph_format.space_after = Pt(12)
    if block.salutation:
        out.add_paragraph(clean_text(block.salutation))


def _closing(out, block: model.Closing) -> None:
    if block.greeting:
        greeting = out.add_paragraph(clean_text(block.greeting))
        greeting.paragraph_format.space_before = Pt(12)
        greeting.paragraph_format.space_after = Pt(36 if block.signature else 6)
        greeting.paragraph_format.keep_with_next = True
    if block.signature:
        _lines(out.add_paragraph(), block.signature)
    if block.enclosures:
        label = out.add_paragraph()
        label.add_run(clean_text(block.enclosures_label)).bold = True
        label.paragraph_format.space_before = Pt(12)
        for item in block.enclosures:
            out.add_paragraph(clean_text(item), style="List Bullet")


def _add_block(out, block, label: str) -> None:
    match block:
        case model.Heading():
            _inline(out.add_heading(level=block.level), block.content)
        case model.Paragraph():
            paragraph = out.add_paragraph()
            paragraph.alignment = ALIGN[block.align]
            _inline(paragraph, block.content)
            for run in paragraph.runs:
                if block.style == "lead":
                    run.font.size = Pt(12.5)
                elif block.style == "small":
                    _small(run)
        case model.ItemList():
            _list(out, block)
        case model.Clause():
            _clause(out, block, label)
        case model.Table():
            _table(out, block)
        case model.Image():
            _image(out, block)
        case model.Callout():
            _callout(out, block)
        case model.PageBreak():
            _page_break(out)
        case model.LetterHead():
            _letterhead(out, block)
        case model.Closing():
            _closing(out, block)
        case _:
            raise TypeError(f"not a document block: {block!r}")
