"""The Kompass as documents: the designs' data, rendered through the shared pipeline.

A document's data (:func:`document_data`) is plain JSON: the composed content in the
Kompass's language, the words of the design and its look. Exported versions keep exactly
this, so the same document can be rendered again later. The logo and the QR code are
added at rendering time.
"""

from __future__ import annotations

import io
from dataclasses import replace

import segno
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override, pgettext

from klimapakete.documents import render_typst
from klimapakete.kompass import selectors
from klimapakete.kompass.content import Limits, TeamData
from klimapakete.kompass.models import Design, Format, Kompass

TEMPLATES = {
    Design.WHEEL: "kompass/typst/wheel.typ",
    Design.PATH: "kompass/typst/path.typ",
    Design.PLAIN: "kompass/typst/plain.typ",
}
# Format → (page, file type, pixels per inch for images). The slide PNG is 1920 × 1080
# pixels (10 × 5.625 inches), the square 1080 × 1080 (5 × 5 inches).
OUTPUTS = {
    Format.A4: ("a4", "pdf", None),
    Format.SLIDE_PDF: ("slide", "pdf", None),
    Format.SLIDE_PNG: ("slide", "png", 192),
    Format.SQUARE: ("square", "png", 216),
}
PAGES = ("a4", "slide", "square")
PREVIEW_PPI = {"a4": 90, "slide": 96, "square": 140}

# The block each design draws as its graphic (the others are text).
GRAPHIC = {Design.WHEEL: "sectors", Design.PATH: "milestones", Design.PLAIN: ""}

# How much each page has room for. Tested with hostile data (tests/test_render.py).
_PAGE_LIMITS = {
    "a4": Limits(
        sectors=12, organisations=24, organisations_per_sector=5, decisions=4, milestones=5, asks=6
    ),
    "slide": Limits(
        sectors=10,
        name_length=36,
        organisations=0,
        organisations_per_sector=0,
        decisions=2,
        milestones=4,
        asks=4,
        blocks=1,
        graphic_heading=False,
    ),
    "square": Limits(
        sectors=10,
        name_length=36,
        organisations=0,
        organisations_per_sector=0,
        decisions=0,
        milestones=3,
        asks=0,
        blocks=0,
        graphic_heading=False,
    ),
}


def limits_for(design: str, page: str) -> Limits:
    limits = replace(_PAGE_LIMITS[page], graphic=GRAPHIC[design])
    if design == Design.PATH and page == "a4":
        # The sectors are a text block here: fewer names fit than around the wheel.
        limits = replace(
            limits, sectors=8, organisations=12, organisations_per_sector=2, decisions=3
        )
    if design == Design.PLAIN and page == "square":
        limits = replace(limits, blocks=1)
    if design == Design.PLAIN and page == "slide":
        limits = replace(limits, blocks=2, sectors=8, organisations=8, organisations_per_sector=1)
    return limits


def labels() -> dict[str, str]:
    """The design's own words, in the active language."""
    return {
        "kompass": pgettext("document title", "Kompass"),
        "neutral": _("climate-neutral"),
        "today": _("Today"),
        "town": _("Town"),
        "target": _("Target year"),
        "members": _("Members"),
        "asof": _("As of %(date)s") % {"date": formats.date_format(timezone.localdate())},
    }


def members_line(content: dict) -> str:
    sectors = next((b for b in content["blocks"] if b["key"] == "sectors"), None)
    if sectors is None or not sectors["organisations"]:
        return ""
    values = {"n": sectors["organisations"], "sectors": len(sectors["sectors"]) + sectors["more"]}
    return (
        ngettext(
            "%(n)d organisation from %(sectors)d sectors",
            "%(n)d organisations from %(sectors)d sectors",
            values["n"],
        )
        % values
    )


def document_data(
    kompass: Kompass,
    data: TeamData,
    *,
    page: str,
    design: str | None = None,
    colour: str | None = None,
    texts: dict | None = None,
    asks: dict | None = None,
) -> dict:
    """Everything a design needs but the logo and the QR code (JSON, kept per version)."""
    design = design or kompass.design
    content = selectors.kompass_content(
        kompass, data, limits=limits_for(design, page), texts=texts, asks=asks
    )
    with override(kompass.language):
        return {
            "design": design,
            "format": page,
            "colour": colour or kompass.colour,
            "lang": kompass.language,
            "labels": labels(),
            "members": members_line(content),
            "content": content,
        }


def qr_svg(url: str) -> str:
    """A QR code of ``url`` as SVG (error correction M, no quiet zone: the design leaves
    white space around it)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", border=0, xmldecl=False, dark="#1d2321")
    return out.getvalue().decode()


def render(
    document: dict,
    *,
    kind: str,
    ppi: float | None = None,
    logo: bytes | None = None,
    strict: bool = False,
) -> bytes:
    """The document as PDF bytes, or the PNG of its (only) page. ``strict`` marks any box
    whose text does not fit with the word OVERFLOW (for tests)."""
    url = document["content"]["url"]
    data = {
        **document,
        "qr": qr_svg(url) if url else "",
        "logo": bytes(logo) if logo else None,
        "strict": strict,
    }
    template = TEMPLATES[document["design"]]
    if kind == "pdf":
        return render_typst(template, data, format="pdf")
    return render_typst(template, data, format="png", ppi=ppi or 144, pages=[1])[0]


def render_format(document: dict, fmt: str, *, logo: bytes | None) -> bytes:
    _page, kind, ppi = OUTPUTS[fmt]
    return render(document, kind=kind, ppi=ppi, logo=logo)


def filename(team_name: str, design: str, fmt: str) -> str:
    extension = OUTPUTS[fmt][1]
    names = {
        Format.A4: _("A4"),
        Format.SLIDE_PDF: _("slide"),
        Format.SLIDE_PNG: _("slide"),
        Format.SQUARE: _("square"),
    }
    return f"Kompass {team_name} – {names[fmt]} ({Design(design).label}).{extension}"
