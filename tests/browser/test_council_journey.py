"""Climate-council journey in German: from step B1 a team opens the builder, starts from
Münster, fills the profile, keeps a version, negotiates a longer consultation deadline,
sees the change in the version diff, downloads the motion as DOCX and the statute as
PDF, and records the submitted motion. axe-core checks every page."""

from __future__ import annotations

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from klimapakete.documents.testing import contains, pdf_pages
from klimapakete.packages.services import content_load, package_adopt


@pytest.mark.django_db(transaction=True)
def test_from_step_b1_to_the_documents(open_session):
    from klimapakete.accounts.models import User
    from klimapakete.packages.models import Package
    from klimapakete.teams.services import team_create

    content_load()
    user = User.objects.create_user(
        email="clara@example.org", password="a-long-Test-passphrase-42", name="Clara"
    )
    team = team_create(
        user=user, name="LocalZero Browserstadt", municipality="Browserstadt", federal_state="NW"
    )
    package_adopt(team=team, package=Package.objects.get(key="klimabeirat"), user=user)
    session = open_session()
    session.log_in(user)
    page = session.page
    page.on("dialog", lambda dialog: dialog.accept())

    # Step B1 of package B links to the tool.
    page.goto(f"/t/{team.slug}/packages/klimabeirat/profile/")
    session.check_accessibility()
    page.get_by_role("link", name="Werkzeug für diesen Schritt öffnen").click()
    expect(page.get_by_role("heading", name="Ausgangspunkt wählen")).to_be_visible()
    session.check_accessibility()

    # Start from Münster: six topic areas, no consultation deadline yet.
    page.get_by_role("button", name="Mit Münster beginnen").click()
    expect(page.get_by_text("Euer Steckbrief beginnt mit dem Beispiel.")).to_be_visible()
    session.check_accessibility()

    # An impossible quorum is explained, then the profile is completed.
    page.get_by_label("Eine feste Zahl stimmberechtigter Mitglieder ist anwesend").check()
    page.get_by_label("Beschlussfähigkeit (anwesende stimmberechtigte Mitglieder)").fill("40")
    page.get_by_role("button", name="Steckbrief speichern").click()
    expect(
        page.get_by_text(
            "Die Beschlussfähigkeit (40) ist größer als die Zahl der stimmberechtigten"
        )
    ).to_be_visible()
    session.check_accessibility()
    page.get_by_label("Mehr als die Hälfte der stimmberechtigten Mitglieder ist anwesend").check()
    page.get_by_label("Beschlussfähigkeit (anwesende stimmberechtigte Mitglieder)").fill("")
    page.get_by_label("Warum eure Stadt ihn braucht").fill(
        "Browserstadt will bis 2040 klimaneutral werden; wichtige Beschlüsse fallen bisher "
        "ohne den Rat von Fachleuten."
    )
    page.get_by_label("Anhörung vor klimarelevanten Beschlüssen").check()
    page.get_by_label(re.compile(r"^Anhörungsfrist:?$")).fill("2")
    page.get_by_label("Antragstellende Fraktionen").fill("Fraktion Grüne\nFraktion SPD")
    page.get_by_role("button", name="Steckbrief speichern").click()
    expect(page.get_by_text("Der Steckbrief ist gespeichert.")).to_be_visible()
    expect(page.locator(".composition svg")).to_be_visible()
    session.check_accessibility()

    # Keep a version, negotiate four weeks, keep it again: the diff says what changed.
    page.get_by_role("link", name="Versionen").click()
    page.get_by_label("Was ist diese Version?").fill("Für die Fraktionsgespräche")
    page.get_by_role("button", name="Aktuellen Entwurf als Version festhalten").click()
    expect(page.get_by_text("Version 1 ist festgehalten.")).to_be_visible()
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label(re.compile(r"^Anhörungsfrist:?$")).fill("4")
    page.get_by_role("button", name="Steckbrief speichern").click()
    page.get_by_role("link", name="Versionen").click()
    expect(page.get_by_text("Anhörungsfrist: 2 → 4 Wochen")).to_be_visible()
    page.get_by_label("Was ist diese Version?").fill("Nach dem Gespräch mit der SPD")
    page.get_by_role("button", name="Aktuellen Entwurf als Version festhalten").click()
    version_two = page.locator(".version").first
    expect(version_two).to_contain_text("Nach dem Gespräch mit der SPD")
    expect(version_two).to_contain_text("Anhörungsfrist: 2 → 4 Wochen")
    session.check_accessibility()

    # The documents: the party groups' motion as DOCX, the rules of procedure as PDF.
    page.get_by_role("link", name="Dokumente").click()
    session.check_accessibility()
    with page.expect_download() as info:
        page.get_by_role("link", name="Fraktionsantrag als Word (DOCX)").click()
    download = info.value
    assert download.suggested_filename == "Fraktionsantrag Klimabeirat Stadt Browserstadt.docx"
    opened = docx.Document(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    body = "\n".join(p.text for p in opened.paragraphs)
    assert "§ 48 Abs. 1 GO NRW" in body and "vier Wochen" in body
    with page.expect_download() as info:
        page.get_by_role("link", name="Satzung oder Geschäftsordnung als PDF").click()
    download = info.value
    assert download.suggested_filename == "Geschäftsordnung Klimabeirat Stadt Browserstadt.pdf"
    pdf = open(download.path(), "rb").read()  # noqa: SIM115
    assert pdf_pages(pdf) >= 3
    assert contains(pdf, "in der Regel vier Wochen vor der Beschlussfassung")

    # The motion is submitted: the stage is recorded and the checklist items are offered.
    page.get_by_role("link", name="Vom Antrag zur ersten Sitzung").click()
    stage = page.locator("#stage-submitted")
    stage.get_by_text("Diese Station eintragen").click()
    stage.get_by_label("Welcher Antrag").select_option("group")
    stage.get_by_label("Wer oder welches Gremium").fill("Fraktionen Grüne und SPD")
    stage.get_by_role("button", name="Eintragen").click()
    expect(page.get_by_text("Die Station ist eingetragen.")).to_be_visible()
    offer = page.get_by_label(
        "Mindestens eine, besser mehrere Fraktionen als Antragstellerinnen gewinnen"
    )
    expect(offer).not_to_be_checked()
    offer.check()
    page.get_by_role("button", name="Gewählte Punkte abhaken").click()
    expect(page.get_by_text("Abgehakte Punkte der Checkliste: 1")).to_be_visible()
    session.check_accessibility()

    assert session.axe_violations == []
    assert session.console_errors == []


COUNCIL_PAGES = ["", "edit/", "documents/", "versions/", "compare/", "law/", "status/"]


@pytest.mark.django_db(transaction=True)
def test_council_pages_fit_a_phone_screen(open_session):
    from django.core.management import call_command

    from klimapakete.teams.models import Team

    content_load()
    call_command("demo_data", verbosity=0)
    team = Team.objects.get(name="LocalZero Musterstadt")
    coordinator = team.memberships.get(role="coordinator").user
    session = open_session()
    session.log_in(coordinator)
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = []
    for path in COUNCIL_PAGES:
        page.goto(f"/t/{team.slug}/council/{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            too_wide.append(f"council/{path}: {width}px")
    assert not too_wide, too_wide
