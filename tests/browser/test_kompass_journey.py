"""Kompass journey in German: a member edits a block and sees the preview change, saves,
downloads the PDF and the social-media PNG, and a visitor (logged out) opens the public
alliance page and gets in touch. axe-core checks every page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


@pytest.mark.django_db(transaction=True)
def test_a_member_edits_the_kompass_and_a_visitor_reads_the_public_page(open_session, settings):
    import pypdf
    from PIL import Image

    from klimapakete.accounts.models import User
    from klimapakete.actors.demo import build_actor_map
    from klimapakete.actors.models import Actor
    from klimapakete.kompass.demo import build_kompass
    from klimapakete.kompass.models import KompassExport
    from klimapakete.teams.services import team_create
    from klimapakete.workshops.demo import build_workshops

    settings.KOMPASS_CONTACT_MIN_SECONDS = 0
    user = User.objects.create_user(
        email="kim@example.org", password=PASSWORD, name="Kim Koordination", language="de"
    )
    team = team_create(
        user=user, name="LocalZero Musterstadt", municipality="Musterstadt", federal_state="NW"
    )
    context = {"team": team, "users": [user, user, user]}
    build_actor_map(context=context)
    build_workshops(context=context)
    build_kompass(context=context)
    kompass = team.kompass

    session = open_session("de-DE")
    page = session.page
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("kim@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name="Team-Navigation").get_by_role(
        "link", name="Kompass"
    ).click()
    expect(page.get_by_role("heading", name="Kompass", exact=True)).to_be_visible()
    preview = page.locator("#kompass-preview img")
    expect(preview).to_have_attribute("src", f"/t/{team.slug}/kompass/preview.png?page=a4")
    page.wait_for_function(
        "() => { const i = document.querySelector('#kompass-preview img');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    session.check_accessibility()

    # Typing changes the preview (after a short pause), before anything is saved.
    headline = page.get_by_label("Überschrift")
    expect(headline).to_have_value("Musterstadt klimaneutral bis 2035")
    headline.fill("Gemeinsam für ein klimaneutrales Musterstadt")
    expect(preview).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    first = preview.get_attribute("src")
    expect(page.locator("[data-guide-for=id_header-headline] .guide-text")).to_contain_text(
        "44 von etwa 60 Zeichen"
    )
    headline.fill("Gemeinsam für Musterstadt")
    page.wait_for_function(
        "(old) => document.querySelector('#kompass-preview img').src !== old", arg=first
    )
    assert preview.get_attribute("src").startswith("data:image/png;base64,")
    page.locator("#block-header").get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Gespeichert.")).to_be_visible()
    expect(page.get_by_label("Überschrift")).to_have_value("Gemeinsam für Musterstadt")

    # Downloads: the A4 PDF and the square PNG; both are kept in the history.
    with page.expect_download() as download:
        page.get_by_role("button", name="A4 zum Drucken (PDF)").click()
    path = Path(download.value.path())
    assert download.value.suggested_filename.startswith("Kompass LocalZero Musterstadt")
    assert download.value.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 1
    assert "Gemeinsam für Musterstadt" in reader.pages[0].extract_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Social Media 1080 × 1080 (PNG)").click()
    image = Image.open(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert image.size == (1080, 1080)
    assert KompassExport.objects.filter(kompass=kompass).count() == 4  # 2 from the demo

    page.reload()  # a download leaves the page as it was
    page.get_by_role("link", name="Verlauf: 4 ausgegebene Fassungen").click()
    expect(page.get_by_role("heading", name="Verlauf des Kompass")).to_be_visible()
    expect(page.get_by_text("Gemeinsam für Musterstadt").first).to_be_attached()
    session.check_accessibility()

    # The public page, logged out.
    visitor = open_session("de-DE")
    public = visitor.page
    public.goto(f"/allianz/{kompass.public_slug}/")
    expect(public.get_by_role("heading", name="Gemeinsam für Musterstadt")).to_be_visible()
    expect(public.get_by_text("Stadtwerke Musterstadt GmbH")).to_be_visible()
    expect(public.get_by_text("IHK-Geschäftsstelle Musterstadt")).to_have_count(0)
    expect(public.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    visitor.check_accessibility()
    public.get_by_label("Ihr Name").fill("Petra Pflug")
    public.get_by_label("E-Mail-Adresse").fill("petra@example.org")
    public.get_by_label("Ich bin einverstanden").check()
    public.get_by_role("button", name="Senden").click()
    expect(public.get_by_text("Vielen Dank für Ihre Nachricht!")).to_be_visible()
    assert Actor.objects.filter(team=team, name="Petra Pflug").exists()

    assert session.console_errors == [] and visitor.console_errors == []
    assert session.axe_violations == [] and visitor.axe_violations == []
