"""Actor-map journey, in German and in English: a member adds actors and a relationship,
sees them on the grid and in the network, logs a conversation whose next step shows on the
dashboard, and imports a CSV with one bad row: the row error is shown and nothing is
imported."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


def _translator(language: str):
    from django.utils import translation

    def translate(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    return translate


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "en"])
def test_member_maps_actors_logs_a_conversation_and_imports(open_session, tmp_path, language):
    T = _translator(language)  # noqa: N806 - reads like the gettext alias in templates
    from klimapakete.accounts.models import User
    from klimapakete.actors.models import Actor
    from klimapakete.teams.services import team_create

    user = User.objects.create_user(
        email="mira@example.org", password=PASSWORD, name="Mira Mitglied", language=language
    )
    team = team_create(
        user=user, name="LocalZero Linden", municipality="Linden", federal_state="HE"
    )

    session = open_session("de-DE" if language == "de" else "en-GB")
    page = session.page
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("mira@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name=T("Team navigation")).get_by_role(
        "link", name=T("Actors")
    ).click()
    expect(page.get_by_role("heading", name=T("Actors"), exact=True)).to_be_visible()
    session.check_accessibility()

    # Two actors through the quick form.
    for name, sector, stance, power in (
        ("Lea Fischer", "Stadtverwaltung", "2", "3"),
        ("Petra Lorenz", "Stadtverwaltung", "0", "5"),
    ):
        quick = page.locator("details.quick-add")
        if quick.get_attribute("open") is None:
            quick.locator("summary").click()
        form = quick.locator("form")
        form.get_by_label(T("Name")).fill(name)
        form.get_by_label(T("Sector")).select_option(label=sector)
        form.get_by_label(T("Stance")).select_option(stance)
        form.get_by_label(T("Power")).fill(power)
        form.get_by_role("button", name=T("Add")).click()
        expect(page.get_by_role("link", name=name)).to_be_visible()
    session.check_accessibility()

    # A relationship from Lea to Petra.
    page.get_by_role("link", name="Lea Fischer").click()
    page.locator("summary", has_text=T("Add a relationship")).click()
    page.get_by_label(T("Other actor")).fill("Petra")
    page.get_by_role("option", name="Petra Lorenz").click()
    page.locator("#id_kind").select_option("knows")
    page.get_by_role("button", name=T("Add relationship")).click()
    expect(page.locator("ul.relations")).to_contain_text("Petra Lorenz")
    # The panel stays open for the next one: the form is empty, the focus in the picker.
    panel = page.locator("#relationship-panel details")
    expect(panel).to_have_attribute("open", "")
    expect(panel.get_by_label(T("Other actor"))).to_have_value("")
    expect(panel.get_by_label(T("Other actor"))).to_be_focused()
    expect(
        page.get_by_role("status").filter(has_text=T("The relationship has been recorded."))
    ).to_be_visible()
    session.check_accessibility()

    # Log a conversation with a next step.
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    page.get_by_role("link", name=T("Log a conversation")).click()
    page.get_by_label(T("Interests heard")).fill("Wants political backing for the climate plan.")
    page.locator("#id_next_step").fill("Send the council profile draft")
    page.locator("#id_next_step_due").fill(due)
    page.get_by_role("button", name=T("Save")).click()
    expect(page.get_by_text("Send the council profile draft")).to_be_visible()
    session.check_accessibility()

    # Grid and network show both actors.
    page.get_by_role("navigation", name=T("Actor map")).get_by_role("link", name=T("Grid")).click()
    grid = page.locator("svg.grid-svg")
    expect(grid.locator("title", has_text="Lea Fischer")).to_have_count(1)
    expect(grid.locator("title", has_text="Petra Lorenz")).to_have_count(1)
    session.check_accessibility()
    page.get_by_role("navigation", name=T("Actor map")).get_by_role(
        "link", name=T("Network")
    ).click()
    network = page.locator("svg.network-svg")
    expect(network.locator("title", has_text="Lea Fischer")).to_have_count(1)
    expect(network.locator("title", has_text="Petra Lorenz")).to_have_count(1)
    session.check_accessibility()

    # The next step is on the dashboard.
    page.get_by_role("navigation", name=T("Team navigation")).get_by_role(
        "link", name=T("Dashboard")
    ).click()
    expect(page.get_by_text("Send the council profile draft")).to_be_visible()
    session.check_accessibility()

    # Import a CSV with one bad row: the row error shows and nothing is imported.
    csv_file = tmp_path / "akteure.csv"
    csv_file.write_text(
        "Name;Bereich;Haltung;Einfluss\n"
        "Jonas Weber;Stadtverwaltung;eher dafür;3\n"
        "Karin Vogel;Stadtrat;dagegen;7\n"
        "Tim Becker;Stadtrat;stark dafür;2\n",
        encoding="utf-8",
    )
    page.goto(f"/t/{team.slug}/actors/import/")
    session.check_accessibility()
    page.get_by_label(T("File (CSV, Excel .xlsx or OpenDocument .ods)")).set_input_files(
        str(csv_file)
    )
    page.get_by_role("button", name=T("Upload and continue")).click()
    session.check_accessibility()
    page.get_by_role("button", name=T("Show the preview")).click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text(re.compile(r"3|Karin Vogel"))
    # All or nothing is the default; skipping the rows with errors is an explicit choice.
    expect(page.get_by_label(T("Import nothing until every problem is fixed"))).to_be_checked()
    expect(page.locator("input[name=on_error][value=skip]")).not_to_be_checked()
    session.check_accessibility()
    assert set(Actor.objects.filter(team=team).values_list("name", flat=True)) == {
        "Lea Fischer",
        "Petra Lorenz",
    }

    assert session.axe_violations == []
    assert session.console_errors == []
