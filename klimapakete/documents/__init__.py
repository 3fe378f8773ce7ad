"""The document pipeline: one model, rendered to PDF (Typst) and DOCX (python-docx).

Pure (no Django). See docs/architecture.md, section "Documents".
"""

from klimapakete.documents.model import (
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
    document_text,
)
from klimapakete.documents.numbers import format_number, format_percent
from klimapakete.documents.pdf import render_typst, shipped_fonts, to_pdf
from klimapakete.documents.text import clean_text, safe_colour
from klimapakete.documents.word import to_docx

__all__ = [
    "Callout",
    "Clause",
    "Closing",
    "Document",
    "Heading",
    "Image",
    "ItemList",
    "LetterHead",
    "PageBreak",
    "Paragraph",
    "Span",
    "Subclause",
    "Table",
    "clean_text",
    "document_text",
    "format_number",
    "format_percent",
    "render_typst",
    "safe_colour",
    "shipped_fonts",
    "to_docx",
    "to_pdf",
]
