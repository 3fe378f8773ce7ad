"""The Kompass as documents: every design and format with the demo-like and hostile data.

Hostile: 40-character words, 30 sectors, 200 member organisations, no goal yet,
right-to-left text, emoji, every text at its longest. Nothing may overflow its box (the
templates mark such a box in strict mode), each format is one page, every text the
content holds is in the PDF, and lists too long for the page end in "und … weitere".
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image

from klimapakete.actors.models import Actor, Sector
from klimapakete.documents.testing import contains, pdf_pages, pdf_text, squeeze
from klimapakete.kompass import render, selectors, services
from klimapakete.kompass.content import block_texts
from klimapakete.kompass.models import Design, Format, Kompass
from klimapakete.kompass.tests.helpers import adopted_goal, milestone, organisation, public_on

pytestmark = pytest.mark.django_db

WORD = "Donaudampfschifffahrtsgesellschaftskapitä"  # 41 characters, no break
RTL = "مرحبا بالعالم שלום עולם"
EMOJI = "🌍🚲"


def hostile_team(team) -> Kompass:
    """30 sectors, 200 consenting organisations, no goal, texts at their longest."""
    team.sectors.all().delete()  # instead of the defaults a new team starts with
    sectors = Sector.objects.bulk_create(
        Sector(team=team, name=f"{WORD[:30]} {n} {RTL[:6]} {EMOJI}", order=n) for n in range(30)
    )
    Actor.objects.bulk_create(
        Actor(
            team=team,
            kind=Actor.Kind.ORGANISATION,
            name=f"{WORD} {n} {EMOJI}",
            sector=sectors[n % 30 if n < 60 else 0],
            public_consent=True,
        )
        for n in range(200)
    )
    for n in range(40):
        milestone(team, f"Meilenstein {n} {RTL} {WORD}", public=True, due=date(2030, 1, 1))
    kompass = public_on(team)
    for field in ("town", "headline", "tagline", "sectors_intro", "milestones_intro", "ask_intro"):
        length = Kompass._meta.get_field(field).max_length
        setattr(kompass, field, (f"{WORD} {RTL} {EMOJI} " * 20)[:length])
    kompass.decisions = "\n".join([f"Beschluss {WORD} {EMOJI}"] * 12)[:600]
    kompass.working = (f"{WORD} {RTL} " * 20)[:400]
    kompass.contact = (f"{WORD} " * 10)[:240]
    kompass.save()
    return kompass


def document(kompass, design, page):
    data = selectors.team_data(kompass.team, kompass)
    return render.document_data(kompass, data, page=page, design=design)


RTL_LETTERS = re.compile(r"[\u0590-\u08ff]")


def found(expected: str, text: str) -> bool:
    """Whether ``expected`` is in the squeezed text; right-to-left runs come out of a PDF
    in visual order, so text with such letters is checked word by word."""
    if not RTL_LETTERS.search(expected):
        return squeeze(expected).casefold() in text
    return all(squeeze(word).casefold() in text for word in expected.split())


def check(doc) -> list[str]:
    """What is wrong with the rendered document: pages, overflow, missing text."""
    pdf = render.render(doc, kind="pdf", strict=True)
    problems = []
    if pdf_pages(pdf) != 1:
        problems.append(f"{pdf_pages(pdf)} pages")
    text = squeeze(pdf_text(pdf)).casefold()
    if "overflow" in text:
        problems.append("a box overflows")
    for block, texts in block_texts(doc["content"]).items():
        problems += [f"{block}: {t[:50]}" for t in texts if not found(t, text)]
    return problems


@pytest.mark.parametrize("page", render.PAGES)
@pytest.mark.parametrize("design", Design.values)
def test_hostile_data_stays_on_one_page_and_every_text_is_there(personas, design, page):
    kompass = hostile_team(personas["team"])
    doc = document(kompass, design, page)
    assert check(doc) == []
    blocks = {b["key"]: b for b in doc["content"]["blocks"]}
    if page == "a4" and design != Design.PLAIN:
        graphic = blocks[render.GRAPHIC[design]]
        assert graphic["more_label"].startswith("und ") and "weitere" in graphic["more_label"]
    goal = blocks.get("goal")
    if goal is not None:
        assert goal["text"] == "" and goal["missing"]  # no goal yet: the page says so


@pytest.mark.parametrize("page", render.PAGES)
@pytest.mark.parametrize("design", Design.values)
def test_the_demo_like_team_fits_every_design(personas, design, page):
    team = personas["team"]
    adopted_goal(team)
    business = Sector.objects.get(team=team, name="Wirtschaft und Industrie")
    organisation(team, "Stadtwerke Teststadt GmbH", consent=True, sector_=business)
    milestone(team, "Antrag für einen Klimabeirat", public=True, due=date(2026, 9, 1))
    assert check(document(public_on(team), design, page)) == []


def test_a_team_without_any_data_gets_a_kompass(personas):
    kompass = services.kompass_ensure(team=personas["team"])
    for design in Design.values:
        assert check(document(kompass, design, "a4")) == []


def test_200_organisations_degrade_to_and_170_more(personas):
    team = personas["team"]
    sector = Sector.objects.create(team=team, name="Alle", order=1)
    Actor.objects.bulk_create(
        Actor(team=team, kind="organisation", name=f"Org {n}", sector=sector, public_consent=True)
        for n in range(200)
    )
    kompass = services.kompass_ensure(team=team)
    doc = document(kompass, Design.PLAIN, "a4")
    sectors = next(b for b in doc["content"]["blocks"] if b["key"] == "sectors")
    assert sectors["sectors"][0]["more_label"] == "und 195 weitere Organisationen"
    assert contains(render.render(doc, kind="pdf"), "und 195 weitere Organisationen")


def test_an_organisation_without_consent_is_never_on_the_kompass(personas):
    team = personas["team"]
    business = Sector.objects.create(team=team, name="Wirtschaft", order=1)
    organisation(team, "Einverstanden GmbH", consent=True, sector_=business)
    organisation(team, "Verschwiegen AG", consent=False, sector_=business)
    organisation(team, "Erika Person", consent=True, sector_=business, kind=Actor.Kind.PERSON)
    kompass = services.kompass_ensure(team=team)
    for design in Design.values:
        for page in render.PAGES:
            text = pdf_text(render.render(document(kompass, design, page), kind="pdf"))
            assert "Verschwiegen" not in text and "Erika Person" not in text
    text = pdf_text(render.render(document(kompass, Design.WHEEL, "a4"), kind="pdf"))
    assert "Einverstanden GmbH" in text


@pytest.mark.parametrize(
    ("fmt", "size"), [(Format.SLIDE_PNG, (1920, 1080)), (Format.SQUARE, (1080, 1080))]
)
def test_images_have_the_sizes_slides_and_social_media_expect(personas, fmt, size):
    kompass = services.kompass_ensure(team=personas["team"])
    doc = document(kompass, kompass.design, render.OUTPUTS[fmt][0])
    png = render.render_format(doc, fmt, logo=None)
    assert Image.open(io.BytesIO(png)).size == size


def test_the_qr_code_leads_to_the_public_page(personas):
    kompass = public_on(personas["team"])
    doc = document(kompass, Design.WHEEL, "a4")
    assert doc["content"]["url"].endswith(f"/allianz/{kompass.public_slug}/")
    assert "<svg" in render.qr_svg(doc["content"]["url"])
    off = services.public_page_set(kompass=kompass, public=False, indexing=False)
    assert document(off, Design.WHEEL, "a4")["content"]["url"] == ""


def test_a_logo_is_drawn(personas):
    logo = io.BytesIO()
    Image.new("RGB", (300, 120), "#aa3300").save(logo, format="PNG")
    kompass = services.kompass_logo_set(
        kompass=services.kompass_ensure(team=personas["team"]), data=logo.getvalue()
    )
    kompass.refresh_from_db()
    for design in Design.values:
        for page in render.PAGES:
            doc = document(kompass, design, page)
            without = render.render(doc, kind="png", ppi=40)
            assert render.render(doc, kind="png", ppi=40, logo=kompass.logo) != without


def test_markup_in_the_teams_texts_comes_out_literally(personas):
    from klimapakete.documents import clean_text
    from klimapakete.documents.testing import HOSTILE

    kompass = services.kompass_ensure(team=personas["team"])
    kompass.goal = " ".join(HOSTILE[:7])[:400]
    kompass.headline = HOSTILE[0]
    kompass.save()
    pdf = render.render(document(kompass, Design.PLAIN, "a4"), kind="pdf")
    assert pdf_pages(pdf) == 1
    assert contains(pdf, HOSTILE[0]) and contains(pdf, clean_text(HOSTILE[1]))
