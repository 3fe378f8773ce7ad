"""PDF, PNG and SVG through Typst, with the shipped fonts only. Pure (no Django).

Two entry points:

- :func:`to_pdf` renders a :class:`~klimapakete.documents.model.Document` through the one
  generic template ``typst/document.typ``.
- :func:`render_typst` renders a custom-layout template (table plans, name cards, posters)
  with any JSON-friendly data. Templates live under the ``klimapakete`` package and may
  import the shared helpers with ``#import "/documents/typst/common.typ": data, fonts``.

Data reaches Typst as one JSON string in ``sys.inputs.data`` (never spliced into markup),
after :func:`~klimapakete.documents.text.clean_text` has removed bidi and control
characters from every string. Fonts come from ``fonts/`` alone: neither the host's fonts
nor Typst's built-in ones are consulted, so every host produces the same bytes.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import typst

from klimapakete.documents import model
from klimapakete.documents.model import Document, Span
from klimapakete.documents.text import clean_data

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FONTS = HERE / "fonts"
DOCUMENT_TEMPLATE = HERE / "typst" / "document.typ"
LINK_SCHEMES = ("http", "https", "mailto", "tel")
TEXT_WIDTH_MM = 165
# A run without a natural line break that may be too wide for a table cell and that
# hyphenation may not split (an IBAN, a code, a 200-letter word). Shorter words hyphenate.
LONG_RUN = re.compile(r"[^\s/\-]{20,}")


@functools.cache
def shipped_fonts() -> typst.Fonts:
    """The fonts in ``fonts/``, loaded once per process; nothing from the host."""
    return typst.Fonts(
        include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(FONTS)]
    )


def _json_default(value):
    if isinstance(value, bytes | bytearray):
        return list(value)  # Typst turns an array of integers back into bytes()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def render_typst(
    template: str | Path,
    data: dict,
    *,
    format: Literal["pdf", "png", "svg"] = "pdf",
    ppi: float = 144,
    pages: Sequence[int] | None = None,
) -> bytes | list[bytes]:
    """Render ``template`` (a ``.typ`` file inside the ``klimapakete`` package, relative
    to it or absolute) with
    ``data``, which the template reads as ``json(bytes(sys.inputs.data))``.

    Returns the PDF as bytes, or for ``png``/``svg`` one image per page (only the 1-based
    ``pages`` when given). ``bytes`` values in ``data`` arrive as arrays of integers
    (``image(bytes(data.logo))``).
    """
    path = (ROOT / template).resolve()
    if not path.is_relative_to(ROOT) or path.suffix != ".typ":
        raise ValueError(f"{template} is not a Typst template of the project")
    if format not in ("pdf", "png", "svg"):
        raise ValueError(f"unknown format {format!r}")
    if pages is not None and format == "pdf":
        raise ValueError("pages can only be chosen for png and svg")
    payload = json.dumps(clean_data(data), ensure_ascii=False, default=_json_default)
    result = typst.compile(
        str(path),
        root=str(ROOT),
        font_paths=shipped_fonts(),
        ignore_system_fonts=True,
        format=format,
        ppi=ppi if format == "png" else None,
        sys_inputs={"data": payload},
    )
    if format == "pdf":
        return result
    images = [result] if isinstance(result, bytes) else list(result)
    if pages is None:
        return images
    return [images[number - 1] for number in pages if 1 <= number <= len(images)]


def to_pdf(document: Document) -> bytes:
    """The document as a PDF (A4, the shipped fonts)."""
    return render_typst(DOCUMENT_TEMPLATE, document_data(document))


# --- the model as JSON for document.typ ---------------------------------------------------


def safe_link(url: str) -> str:
    """``url`` when it is a web, mail or phone link, else "" (shown as plain text)."""
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in LINK_SCHEMES and not any(c.isspace() for c in url) else ""


def _spans(value: tuple[Span, ...]) -> list[dict]:
    return [
        {
            "text": span.text,
            "strong": span.strong,
            "emphasis": span.emphasis,
            "mono": span.mono,
            "link": safe_link(span.link) if span.link else "",
        }
        for span in value
    ]


def _block(block, label: str = "") -> dict:
    match block:
        case model.Heading():
            return {"type": "heading", "level": block.level, "content": _spans(block.content)}
        case model.Paragraph():
            return {
                "type": "paragraph",
                "content": _spans(block.content),
                "style": block.style,
                "align": block.align,
            }
        case model.ItemList():
            return {
                "type": "list",
                "numbered": block.numbered,
                "start": block.start,
                "items": [_spans(item) for item in block.items],
            }
        case model.Clause():
            return {
                "type": "clause",
                "label": label,
                "title": _spans(block.title),
                "numbered": len(block.paragraphs) > 1,
                "paragraphs": [
                    {"content": _spans(p.content), "items": [_spans(i) for i in p.items]}
                    for p in block.paragraphs
                ],
            }
        case model.Table():
            cells = [*block.header, *(c for row in block.rows for c in row), *(block.footer or ())]
            return {
                "type": "table",
                # Measuring every cell is slow; only tables with long words need it.
                "fit": any(LONG_RUN.search(span.text) for cell in cells for span in cell),
                "header": [_spans(c) for c in block.header],
                "rows": [[_spans(c) for c in row] for row in block.rows],
                "footer": [_spans(c) for c in block.footer] if block.footer else None,
                "widths": list(block.widths),
                "align": list(block.align),
                "caption": block.caption,
            }
        case model.Image():
            width = block.width_mm
            return {
                "type": "image",
                "data": block.data,
                "format": block.format,
                "alt": block.alt,
                "width_mm": min(width, TEXT_WIDTH_MM) if width else None,
                "caption": block.caption,
            }
        case model.Callout():
            return {"type": "callout", "blocks": [_block(inner) for inner in block.blocks]}
        case model.PageBreak():
            return {"type": "page_break"}
        case model.LetterHead():
            return {
                "type": "letterhead",
                "sender": list(block.sender),
                "return_line": block.return_line,
                "recipient": list(block.recipient),
                "details": [list(pair) for pair in block.details],
                "place_date": block.place_date,
                "subject": block.subject,
                "salutation": block.salutation,
            }
        case model.Closing():
            return {
                "type": "closing",
                "greeting": block.greeting,
                "signature": list(block.signature),
                "enclosures": list(block.enclosures),
                "enclosures_label": block.enclosures_label,
            }
    raise TypeError(f"not a document block: {block!r}")


def document_data(document: Document) -> dict:
    """The JSON data ``document.typ`` renders."""
    labels = model.clause_labels(document)
    return {
        "meta": {
            "title": document.title,
            "author": [document.author] if document.author else [],
            "keywords": list(document.keywords),
            "lang": document.language[:2].lower() or "de",
            "footer": document.footer,
            "page_label": document.page_label,
        },
        "blocks": [_block(block, labels.get(i, "")) for i, block in enumerate(document.blocks)],
    }
