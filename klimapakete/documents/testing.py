"""Helpers for tests of generated documents (needs the dev dependency pypdf).

An app that adds a document tests what a reader would notice: the page count, that
every block's text is in the PDF (:func:`contains`), and that :data:`HOSTILE` strings
come out literally.
"""

from __future__ import annotations

import io
import re

import pypdf

# Strings that would break a template that spliced text into markup, or a layout that
# trusts its data.
HOSTILE = [
    '#import "evil.typ": *',
    "]] #panic(1) [[",
    "$x^2$ and \\ backslash \\\\ two",
    "*bold* _emph_ `raw` <label> @ref // comment /* block",
    "\"quotes\" 'single' „deutsch“ «guillemets»",
    '"); #panic("boom") //',
    "{{ template }} {% tag %} <script>alert(1)</script>",
    "W" * 200,
    "Prof. Dr. Dr. h.c. Maximiliane Müller-Lüdenscheidt-Oberhausen",
    "Klima 🌍🔥 Team 👩‍👩‍👧 ✅",
    "\u202eevil override\u202c and \u2066isolate\u2069",
    "tab\tand\x07bell\x00nul",
]
_IGNORED = re.compile(r"[\s\u200b\u00ad\-]+")


def pdf_reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def pdf_pages(pdf: bytes) -> int:
    return len(pdf_reader(pdf).pages)


def pdf_text(pdf: bytes) -> str:
    """The text layer of every page, joined."""
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


def squeeze(text: str) -> str:
    """Text without whitespace, hyphens and invisible break points, so that a word
    broken across lines (or hyphenated) still matches."""
    return _IGNORED.sub("", text)


def contains(pdf_or_text: bytes | str, expected: str) -> bool:
    """Whether ``expected`` appears in the PDF's text, however the lines broke."""
    text = pdf_text(pdf_or_text) if isinstance(pdf_or_text, bytes) else pdf_or_text
    return squeeze(expected) in squeeze(text)


def pdf_fonts(pdf: bytes) -> set[str]:
    """The font names embedded in the PDF, without subset prefixes ("NotoSans-Bold")."""
    names = set()
    for page in pdf_reader(pdf).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            base = font.get("/BaseFont")
            if base is None:  # Type 3 (colour emoji): named in its descriptor
                descriptor = font.get("/FontDescriptor")
                base = descriptor.get_object().get("/FontName") if descriptor else None
            if base is not None:
                names.add(str(base).lstrip("/").split("+", 1)[-1])
    return names
