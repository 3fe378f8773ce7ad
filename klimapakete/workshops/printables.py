"""PDF rendering with Typst. Pure (no Django): takes plain data, returns PDF bytes.

User text is handed to Typst as JSON in ``sys.inputs`` and placed with ``text()``,
so names like ``#import`` or ``$x$`` come out literally.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import typst

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "typst"
FONTS = HERE / "fonts"
DOCUMENTS = ("tables", "cards", "schedules")
FALLBACK_COLOUR = "#777777"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def safe_colour(value: str | None) -> str:
    """A colour Typst's rgb() accepts; anything else becomes grey."""
    return value if value and _COLOUR.match(value) else FALLBACK_COLOUR


def render(document: str, data: dict) -> bytes:
    """Render ``typst/<document>.typ`` with ``data`` (see the templates for the fields)."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}")
    return typst.compile(
        str(TEMPLATES / f"{document}.typ"),
        root=str(TEMPLATES),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
