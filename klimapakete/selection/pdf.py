"""PDF documents of the invitation stage with Typst. Pure (no Django).

User text arrives in Typst as JSON through ``sys.inputs`` and is placed as text, so
markup characters in titles or names come out literally.
"""

from __future__ import annotations

import json
from pathlib import Path

import typst

TEMPLATES = Path(__file__).resolve().parent / "typst"
DOCUMENTS = ("request", "letter")


def render(document: str, data: dict) -> bytes:
    """Render ``typst/<document>.typ`` with ``data`` (see the template for the fields)."""
    if document not in DOCUMENTS:
        raise ValueError(f"unknown document {document!r}")
    return typst.compile(
        str(TEMPLATES / f"{document}.typ"),
        root=str(TEMPLATES),
        format="pdf",
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
