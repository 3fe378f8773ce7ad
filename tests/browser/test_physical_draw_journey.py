"""A draw anyone can witness, in German: the coordinator rounds the lottery to 100
equally likely panels, sees how much that changes anyone's chance, commits, enters the
number rolled with dice; the public page lists the numbered panels and the drawn one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


@pytest.mark.django_db(transaction=True)
def test_physical_draw_journey(open_session, live_server):
    from klimapakete.accounts.models import User
    from klimapakete.selection.services import compute, runs
    from klimapakete.selection.tests.conftest import build_selection
    from klimapakete.teams.services import team_create

    user = User.objects.create_user(
        email="clara@example.org", password="a-long-Test-passphrase-42", name="Clara"
    )
    team = team_create(
        user=user, name="Würfelstadt", municipality="Würfelstadt", federal_state="HE"
    )
    selection = build_selection(team, n=12, k=4, title="Klimarat Würfelstadt")
    run = runs.run_start(selection=selection)
    compute.run_execute(run_id=run.pk)

    coordinator = open_session("de-DE")
    coordinator.log_in(user)
    page = coordinator.page
    page.goto(f"/t/{team.slug}/selection/{selection.pk}/draw/")
    expect(page.get_by_role("heading", name="Schritt 1: Auslosung festlegen")).to_be_visible()

    # Round to 100 panels and look at the change before committing.
    page.get_by_label("Anzahl gleich wahrscheinlicher Panels (M)").fill("100")
    page.get_by_role("button", name="Lotterie runden").click()
    expect(page.get_by_text("Größte Änderung der Wahrscheinlichkeit einer Person")).to_be_visible()
    expect(page.locator(".rounded-panels")).to_have_text("100")
    expect(page.locator(".rounded-minimum")).to_contain_text("vorher")
    coordinator.check_accessibility()

    # Commit to the physical draw.
    page.get_by_label(re.compile("eine öffentliche Ziehung")).check()
    page.get_by_label(re.compile("Angekündigter öffentlicher Zufallswert")).fill(
        "Zwei zehnseitige Würfel im Rathaus, 9. Mai 2026, 18 Uhr"
    )
    page.get_by_role("button", name="Auslosung festlegen").click()
    expect(
        page.get_by_text("Die Auslosung ist festgelegt. Drucke die Festlegung aus.")
    ).to_be_visible()
    expect(
        page.get_by_text("Öffentliche Ziehung unter 100 gleich wahrscheinlichen Panels.")
    ).to_be_visible()
    coordinator.check_accessibility()

    # Before the dice are rolled, the public page lists all 100 numbered panels.
    selection.refresh_from_db()
    witness = open_session("de-DE")
    wpage = witness.page
    wpage.goto(f"/v/{selection.verification_token}/")
    expect(
        wpage.get_by_role("heading", name="Die Lotterie: 100 gleich wahrscheinliche Panels")
    ).to_be_visible()
    expect(wpage.locator("table.lottery tbody tr")).to_have_count(100)
    expect(wpage.get_by_text(selection.distribution_sha256)).to_be_visible()
    witness.check_accessibility()

    # The dice show 4 and 2: panel 43 is drawn.
    page.get_by_label("Die gewürfelte oder gezogene Zahl").fill("42")
    page.get_by_role("button", name="Panel jetzt ziehen").click()
    expect(page.get_by_text("Das Panel wurde gezogen.")).to_be_visible()

    selection.refresh_from_db()
    assert selection.drawn_index == 42
    wpage.reload()
    expect(wpage.locator("table.lottery tr.drawn th")).to_have_text("43")
    expect(
        wpage.get_by_text("klimapakete verify-draw --lottery lottery.csv --number 42")
    ).to_be_visible()
    expect(wpage.locator(".drawn-panel")).to_have_text(" ".join(map(str, selection.drawn_panel)))
    assert "Person 1" not in wpage.content()
    witness.check_accessibility()

    assert coordinator.axe_violations + witness.axe_violations == []
    assert coordinator.console_errors + witness.console_errors == []
