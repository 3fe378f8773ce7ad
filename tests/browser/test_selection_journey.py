"""Citizen selection journey: plan letters, a resident registers, the pool is imported,
an infeasible quota is explained and fixed, the lottery is computed, the panel drawn
verifiably, a member replaced; the public page verifies the draw. axe checks each page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from klimapakete.selection.models import Selection

POOL_CSV = "Name,Contact,gender,age\n" + "".join(
    f"Person {i},p{i}@example.org,{'fm'[i % 2]},{'young' if i % 3 == 0 else 'old'}\n"
    for i in range(1, 12)
)


def logged_in(open_session, user):
    client = Client()
    client.force_login(user)
    session = open_session("en-US")
    session.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": BASE[0],
            }
        ]
    )
    return session


BASE: list[str] = []


@pytest.mark.django_db(transaction=True)
def test_selection_journey(open_session, live_server, tmp_path, settings):
    settings.SELECTION_REGISTRATION_MIN_SECONDS = 0  # the browser fills the form at once
    from klimapakete.accounts.models import User
    from klimapakete.teams.services import team_create

    BASE[:] = [live_server.url]
    user = User.objects.create_user(
        email="clara@example.org", password="a-long-Test-passphrase-42", name="Clara", language="en"
    )
    team = team_create(
        user=user, name="LocalZero Browserstadt", municipality="Browserstadt", federal_state="HE"
    )
    coordinator = logged_in(open_session, user)
    page = coordinator.page
    page.on("dialog", lambda dialog: dialog.accept())

    # Create the selection and plan the letters.
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name="Team navigation").get_by_role(
        "link", name="Citizen selection"
    ).click()
    coordinator.check_accessibility()
    page.get_by_label("Title").fill("Klimarat Browserstadt")
    page.get_by_label("Panel size (people)").fill("4")
    page.get_by_role("button", name="Create selection").click()
    rows = [
        ("gender", "f", "50", "10"),
        ("gender", "m", "50", "10"),
        ("age", "young", "40", "5"),
        ("age", "old", "60", "10"),
    ]
    for n, (category, value, share, rate) in enumerate(rows, 1):
        page.get_by_label(f"Category, row {n}", exact=True).fill(category)
        page.get_by_label(f"Value, row {n}", exact=True).fill(value)
        page.get_by_label(f"Population share, row {n}", exact=True).fill(share)
        page.get_by_label(f"Response rate, row {n}", exact=True).fill(rate)
    page.get_by_role("button", name="Save categories").click()
    expect(page.get_by_text("The categories have been saved.")).to_be_visible()
    expect(page.locator(".letters-total")).to_have_text("100")
    coordinator.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name="Request to the administration (PDF)").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    # A resident registers through the public link, without an account.
    selection = Selection.objects.get(team=team)
    resident = open_session("en-US")
    rpage = resident.page
    rpage.goto(f"/r/{selection.registration_token}/")
    expect(rpage.get_by_role("heading", name="Klimarat Browserstadt")).to_be_visible()
    resident.check_accessibility()
    rpage.get_by_role("textbox", name="Name").fill("Rita Resident")
    rpage.get_by_label("E-mail address or phone number").fill("rita@example.org")
    rpage.get_by_role("combobox", name="gender").select_option("f")
    rpage.get_by_role("combobox", name="age").select_option("young")
    rpage.get_by_role("button", name="Register").click()
    expect(rpage.get_by_text("Please confirm that you agree")).to_be_visible()
    rpage.get_by_label(re.compile("I agree that")).check()
    rpage.get_by_role("button", name="Register").click()
    expect(rpage.get_by_text("Thank you! You are registered.")).to_be_visible()
    resident.check_accessibility()

    # The rest of the pool is imported from a CSV file.
    page.get_by_role("link", name="3. Respondents").click()
    page.get_by_role("link", name="Import respondents").click()
    pool = tmp_path / "pool.csv"
    pool.write_text(POOL_CSV)
    page.get_by_label("CSV or Excel file").set_input_files(str(pool))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Preview: 11 rows")).to_be_visible()
    coordinator.check_accessibility()
    page.get_by_role("button", name="Import all rows").click()
    expect(page.get_by_text("11 respondents have been imported.")).to_be_visible()
    expect(page.get_by_role("heading", name="12 respondents")).to_be_visible()
    coordinator.check_accessibility()

    # Quotas: too many women and men for a panel of 4 is explained, the fix applied.
    page.get_by_role("link", name="4. Quotas").click()
    for value, low, high in (
        ("f", "3", "3"),
        ("m", "3", "3"),
        ("young", "1", "4"),
        ("old", "1", "4"),
    ):
        page.get_by_label(f"Min for {'gender' if value in 'fm' else 'age'} = {value}").fill(low)
        page.get_by_label(f"Max for {'gender' if value in 'fm' else 'age'} = {value}").fill(high)
    expect(page.get_by_text("the mins add up to 6, more than the panel size 4")).to_be_visible()
    expect(page.get_by_text("Smallest change that makes a panel possible:")).to_be_visible()
    coordinator.check_accessibility()
    page.get_by_role("button", name="Apply all suggestions").click()
    expect(page.get_by_text("The quotas can be met: a panel exists.")).to_be_visible()

    # Compute (the task runs in-process here) and look at the result.
    page.get_by_role("link", name="5. Compute").click()
    page.get_by_role("button", name="Compute", exact=True).click()
    expect(page.get_by_role("heading", name="Selection probabilities")).to_be_visible()
    expect(page.locator(".histogram svg rect").first).to_be_visible()
    coordinator.check_accessibility()

    # Fix the seed, print the commitment, draw.
    page.get_by_role("link", name="6. Draw").click()
    page.get_by_label(re.compile("secret seed")).check()
    page.get_by_role("button", name="Commit to the draw").click()
    commitment = page.locator("code.commitment").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", commitment)
    coordinator.check_accessibility()
    page.get_by_role("button", name="Draw the panel now").click()
    expect(page.get_by_text("The panel has been drawn.")).to_be_visible()
    coordinator.check_accessibility()

    # A member drops out and is replaced.
    page.get_by_role("button", name=re.compile(r"drops out")).first.click()
    expect(
        page.get_by_text(re.compile(r"dropped out; respondent \d+ takes the seat"))
    ).to_be_visible()

    # Anyone can verify the draw: numbers, not names.
    selection.refresh_from_db()
    rpage.goto(f"/v/{selection.verification_token}/")
    expect(rpage.get_by_text(commitment)).to_be_visible()
    expect(rpage.locator(".drawn-panel")).to_have_text(" ".join(map(str, selection.drawn_panel)))
    assert "Rita" not in rpage.content() and "Person 1" not in rpage.content()
    resident.check_accessibility()

    assert coordinator.axe_violations + resident.axe_violations == []
    assert coordinator.console_errors + resident.console_errors == []
