"""Neutrality journey in German: from step B4 a team opens the tool, sets the boundary,
marks its influence, enters the base year and imports its balance from the template,
sees the balance and the target path, changes a factor and sees the non-conformity
notice, and downloads the one-page definition as PDF. axe-core checks every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from klimapakete.documents.testing import contains, pdf_pages
from klimapakete.packages.services import content_load, package_adopt


@pytest.mark.django_db(transaction=True)
def test_from_step_b4_to_the_definition(open_session, tmp_path):
    from klimapakete.accounts.models import User
    from klimapakete.packages.models import Package
    from klimapakete.teams.services import team_create

    content_load()
    user = User.objects.create_user(
        email="nora@example.org", password="a-long-Test-passphrase-42", name="Nora"
    )
    team = team_create(
        user=user, name="LocalZero Browserstadt", municipality="Browserstadt", federal_state="HE"
    )
    package_adopt(team=team, package=Package.objects.get(key="klimabeirat"), user=user)
    session = open_session()
    session.log_in(user)
    page = session.page

    # Step B4 links to the tool; the definition starts from BISKO.
    page.goto(f"/t/{team.slug}/packages/klimabeirat/neutrality/")
    session.check_accessibility()
    page.get_by_role("link", name="Werkzeug für diesen Schritt öffnen").click()
    expect(page.get_by_role("heading", name="Definition lokaler Klimaneutralität")).to_be_visible()
    expect(page.get_by_text("Noch keine Ausgangsbilanz.")).to_be_visible()
    session.check_accessibility()

    # Boundary: the consequence stands next to each choice.
    page.get_by_role("link", name="Grenze ändern").click()
    expect(page.get_by_text("Ökostrom wird leicht doppelt gezählt", exact=False)).to_be_visible()
    page.get_by_label("Beides, die Verwaltung früher").check()
    page.get_by_label("Zieljahr", exact=True).fill("2040")
    page.get_by_label("Zieljahr der Verwaltung").fill("2035")
    session.check_accessibility()
    page.get_by_role("button", name="Grenze speichern").click()
    expect(page.get_by_text("Die Grenze ist gespeichert.")).to_be_visible()
    expect(page.get_by_text("Verwaltung 2035")).to_be_visible()

    # Influence: the town plans and regulates industry directly here.
    page.get_by_role("link", name="2. Einfluss").click()
    page.get_by_label("Industrie: Planen und regulieren").select_option("direct")
    session.check_accessibility()
    page.get_by_role("button", name="Einflussmatrix speichern").click()
    expect(page.get_by_text("Die Einflussmatrix ist gespeichert.")).to_be_visible()

    # Baseline: base year and inhabitants, then the template imported as it is.
    page.get_by_role("link", name="3. Ausgangsbilanz und Zielpfad").click()
    page.get_by_label("Basisjahr", exact=True).fill("2022")
    page.get_by_label("Einwohner:innen im Basisjahr").fill("48000")
    page.get_by_role("button", name="Basisjahr und Budget speichern").click()
    expect(
        page.get_by_text("Basisjahr, Einwohner:innen und Budget sind gespeichert.")
    ).to_be_visible()
    page.get_by_text("Bilanz importieren (CSV oder Excel)").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Vorlage als Excel (XLSX)").click()
    template = tmp_path / "Vorlage.xlsx"
    info.value.save_as(template)
    page.get_by_label("Bilanz als CSV, XLSX oder ODS").set_input_files(str(template))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("7 Einträge importiert.")).to_be_visible()
    # District heat needs the heat network's factor first.
    expect(page.get_by_text("Energieträger ohne Faktor", exact=False)).to_be_visible()
    page.locator("#id_factor-carrier").select_option("district_heat")
    page.get_by_label("g CO2e pro kWh").fill("180")
    page.get_by_role("button", name="Faktor setzen").click()
    expect(page.get_by_text("Euer Faktor ist gespeichert.")).to_be_visible()
    expect(page.get_by_role("heading", name="Bilanz")).to_be_visible()
    expect(page.get_by_role("heading", name="Zielpfad", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Anteil am Restbudget")).to_be_visible()
    expect(page.locator("#not-bisko")).to_have_count(0)
    session.check_accessibility()

    # Changing a default factor: the balance is no longer BISKO-conform.
    page.locator("#id_factor-carrier").select_option("electricity")
    page.get_by_label("g CO2e pro kWh").fill("0")
    page.get_by_role("button", name="Faktor setzen").click()
    expect(page.locator("#not-bisko")).to_contain_text("Nicht BISKO-konform.")
    expect(page.locator("#not-bisko")).to_contain_text("Strom (Bundesstrommix)")

    # The one-page definition.
    page.get_by_role("link", name="Zur Definition").click()
    expect(page.locator("#not-bisko")).to_be_visible()
    session.check_accessibility()
    with page.expect_download() as info:
        page.get_by_role("link", name="Definition als PDF").click()
    download = info.value
    assert download.suggested_filename == "Definition Klimaneutralität Browserstadt.pdf"
    pdf = open(download.path(), "rb").read()  # noqa: SIM115
    assert pdf_pages(pdf) == 1
    assert contains(pdf, "Browserstadt wird bis 2040 treibhausgasneutral")
    assert contains(pdf, "nicht BISKO-konform")
    session.close()


@pytest.mark.django_db(transaction=True)
def test_neutrality_pages_fit_a_phone_screen(open_session):
    from django.core.management import call_command

    from klimapakete.teams.models import Team

    content_load()
    call_command("demo_data", verbosity=0)
    team = Team.objects.get(name="LocalZero Musterstadt")
    session = open_session("de-DE")
    page = session.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("koordination@example.org")
    page.locator("input[name=password]").fill("klimademo2026")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    too_wide = []
    for path in ("", "boundary/", "influence/", "baseline/"):
        page.goto(f"/t/{team.slug}/neutrality/{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            wide = page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                    .filter(e => e.getBoundingClientRect().right > 392)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
            )
            too_wide.append(f"{path or 'definition'}: {width}px {wide}")
    assert not too_wide, too_wide
    # The charts are drawn and scale down to the screen.
    page.goto(f"/t/{team.slug}/neutrality/")
    assert page.locator("svg polyline").count() == 2
    box = page.locator(".path-chart").bounding_box()
    assert box is not None and box["width"] <= 390
    session.check_accessibility()
    session.close()
