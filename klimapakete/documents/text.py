"""The one sanitiser for text that goes into a PDF, an image or a DOCX file.

Bidi controls are removed, so a U+202E in an imported name cannot flip the rest of a
line ("grO detouq"); the text still runs right-to-left where its letters do (Hebrew,
Arabic). Control characters, lone surrogates and byte-order marks are removed, because
DOCX (XML) cannot hold them and a PDF shows them as boxes. Line breaks and tabs stay;
emoji stay (the shipped Noto Color Emoji font draws them).
"""

from __future__ import annotations

import re
import unicodedata

# U+200E/U+200F marks, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
# U+061C the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)
_KEEP = frozenset("\n\t")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
FALLBACK_COLOUR = "#777777"


def _dropped(char: str) -> bool:
    if char in _KEEP:
        return False
    if char in BIDI_CONTROLS or char == "\ufeff":
        return True
    # Cc: C0/C1 control characters; Cs: lone surrogates (not encodable as UTF-8).
    return unicodedata.category(char) in ("Cc", "Cs")


def clean_text(value: str) -> str:
    """``value`` without bidi and control characters, with ``\\n`` line ends."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.isascii() and value.isprintable():
        return value
    return "".join(char for char in value if not _dropped(char))


def clean_data(value):
    """``clean_text`` applied to every string in nested dicts, lists and tuples."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(key)): clean_data(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean_data(item) for item in value]
    return value


def safe_colour(value: str | None) -> str:
    """A ``#rrggbb`` colour Typst's ``rgb()`` accepts; anything else becomes grey."""
    return value if value and _COLOUR.match(value) else FALLBACK_COLOUR
