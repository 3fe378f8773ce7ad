"""Workshop journey: a coordinator plans a kick-off from the demo actors, plans the tables,
marks a cancellation and re-plans, downloads the table plan, and a participant opens their
personal link on a phone. axe-core checks every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


@pytest.mark.django_db(transaction=True)
def test_coordinator_plans_a_workshop_and_a_participant_sees_their_tables(open_session):
    from klimapakete.accounts.models import User
    from klimapakete.actors.demo import build_actor_map
    from klimapakete.teams.models import Membership
    from klimapakete.teams.services import team_create

    user = User.objects.create_user(
        email="kim@example.org", password=PASSWORD, name="Kim Koordination", language="en"
    )
    team = team_create(
        user=user, name="LocalZero Musterstadt", municipality="Musterstadt", federal_state="NW"
    )
    others = []
    for n in (1, 2):
        other = User.objects.create_user(
            email=f"member{n}@example.org", password=PASSWORD, name=f"Member {n}"
        )
        Membership.objects.create(team=team, user=other, role="member")
        others.append(other)
    build_actor_map(context={"team": team, "users": [user, *others]})

    coordinator = open_session("en-GB")
    page = coordinator.page
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("kim@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name="Team navigation").get_by_role(
        "link", name="Workshops"
    ).click()
    expect(page.get_by_role("heading", name="Workshops", exact=True)).to_be_visible()
    coordinator.check_accessibility()

    # Create the workshop.
    page.get_by_label("Title").fill("Kick-off Musterstadt")
    page.get_by_label("Date").fill("2099-05-08")
    page.get_by_label("Place").fill("Volkshochschule, Saal 2")
    page.get_by_role("button", name="Create workshop").click()
    expect(page.get_by_role("heading", name="Kick-off Musterstadt")).to_be_visible()
    coordinator.check_accessibility()

    # Participants from the actor map.
    page.get_by_role("navigation", name="Workshop").get_by_role("link", name="Participants").click()
    coordinator.check_accessibility()
    boxes = page.locator("input[name=actors]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name="Add the chosen actors").click()
    expect(page.locator("table.participants tbody tr").first).to_be_visible()
    people = page.locator("table.participants tbody tr").count()
    assert people >= 20
    coordinator.check_accessibility()

    # Plan the tables.
    page.get_by_role("navigation", name="Workshop").get_by_role(
        "link", name="Breakout tables"
    ).click()
    page.get_by_label(re.compile(r"^Rounds:?$")).fill("3")
    page.get_by_label("People per table").fill("4")
    page.get_by_role("button", name="Plan the tables").click()
    expect(page.get_by_role("heading", name="Round 3")).to_be_visible()
    expect(page.locator("#metric-repeated")).to_have_text("0")
    coordinator.check_accessibility()

    # A cancellation at short notice, then re-plan rounds 2 and 3.
    page.get_by_role("navigation", name="Workshop").get_by_role("link", name="Participants").click()
    first_row = page.locator("table.participants tbody tr").first
    cancelled_name = first_row.locator("td").first.inner_text().strip()
    first_row.get_by_role("combobox").select_option("cancelled")
    first_row.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    personal_link = page.locator("table.participants tbody tr").nth(1).locator("input.token")
    link = personal_link.input_value()
    page.get_by_role("navigation", name="Workshop").get_by_role(
        "link", name="Breakout tables"
    ).click()
    expect(page.get_by_text("Cancelled but still seated:")).to_be_visible()
    page.get_by_label("Rounds already held").fill("1")
    page.get_by_role("button", name="Re-plan the open rounds").click()
    expect(
        page.get_by_text(re.compile(r"re-planned; \d+ (person|people) changed tables"))
    ).to_be_visible()
    round_two = page.locator("section.round").nth(1)
    expect(round_two).not_to_contain_text(cancelled_name)
    coordinator.check_accessibility()

    # Download the table plan.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the table plan (PDF)").click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # A participant opens their personal link on a phone.
    guest = open_session("en-GB")
    guest.context.close()
    guest.context = page.context.browser.new_context(
        base_url=page.url.split("/t/")[0], locale="en-GB", viewport={"width": 390, "height": 800}
    )
    guest.page = guest.context.new_page()
    phone = guest.page
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Your tables")).to_be_visible()
    expect(phone.get_by_text(re.compile(r"^Round 1: Table \d+$"))).to_be_visible()
    expect(phone.get_by_text(re.compile(r"^Round 3: Table \d+$"))).to_be_visible()
    guest.check_accessibility()
    phone.get_by_role("button", name="I will come").click()
    expect(phone.get_by_text("You have accepted the invitation.")).to_be_visible()

    assert coordinator.axe_violations + guest.axe_violations == []
    assert coordinator.console_errors == []
