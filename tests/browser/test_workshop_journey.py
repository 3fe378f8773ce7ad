"""Workshop journey, in German and in English: a coordinator plans a kick-off from the
demo actors, plans the tables, marks a cancellation and re-plans, downloads the table plan,
and a participant opens their personal link on a phone. axe-core checks every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


def _translators(language: str):
    from django.utils import translation

    def translate(text: str) -> str:
        with translation.override(language):
            return translation.gettext(text)

    def translate_count(singular: str, plural: str, n: int) -> str:
        with translation.override(language):
            return translation.ngettext(singular, plural, n)

    return translate, translate_count


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["de", "en"])
def test_coordinator_plans_a_workshop_and_a_participant_sees_their_tables(open_session, language):
    T, N = _translators(language)  # noqa: N806 - read like the gettext aliases
    browser_locale = "de-DE" if language == "de" else "en-GB"
    from klimapakete.accounts.models import User
    from klimapakete.actors.demo import build_actor_map
    from klimapakete.teams.models import Membership
    from klimapakete.teams.services import team_create

    user = User.objects.create_user(
        email="kim@example.org", password=PASSWORD, name="Kim Koordination", language=language
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

    coordinator = open_session(browser_locale)
    page = coordinator.page
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill("kim@example.org")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.goto(f"/t/{team.slug}/")
    page.get_by_role("navigation", name=T("Team navigation")).get_by_role(
        "link", name=T("Workshops")
    ).click()
    expect(page.get_by_role("heading", name=T("Workshops"), exact=True)).to_be_visible()
    coordinator.check_accessibility()

    # Create the workshop.
    page.get_by_label(T("Title")).fill("Kick-off Musterstadt")
    page.get_by_label(T("Date")).fill("2099-05-08")
    page.get_by_label(T("Place")).fill("Volkshochschule, Saal 2")
    page.get_by_role("button", name=T("Create workshop")).click()
    expect(page.get_by_role("heading", name="Kick-off Musterstadt")).to_be_visible()
    coordinator.check_accessibility()

    # Participants from the actor map.
    page.get_by_role("navigation", name=T("Workshop")).get_by_role(
        "link", name=T("Participants")
    ).click()
    coordinator.check_accessibility()
    boxes = page.locator("input[name=actors]")
    for i in range(boxes.count()):
        boxes.nth(i).check()
    page.get_by_role("button", name=T("Add the chosen actors")).click()
    expect(page.locator("table.participants tbody tr").first).to_be_visible()
    people = page.locator("table.participants tbody tr").count()
    assert people >= 20
    coordinator.check_accessibility()

    # Plan the tables.
    page.get_by_role("navigation", name=T("Workshop")).get_by_role(
        "link", name=T("Breakout tables")
    ).click()
    page.get_by_label(re.compile(rf"^{re.escape(T('Rounds'))}:?$")).fill("3")
    page.get_by_label(T("People per table")).fill("4")
    page.get_by_role("button", name=T("Plan the tables")).click()
    expect(page.get_by_role("heading", name=T("Round %(number)s") % {"number": 3})).to_be_visible()
    expect(page.locator("#metric-repeated")).to_have_text("0")
    coordinator.check_accessibility()

    # A cancellation at short notice, then re-plan rounds 2 and 3.
    page.get_by_role("navigation", name=T("Workshop")).get_by_role(
        "link", name=T("Participants")
    ).click()
    first_row = page.locator("table.participants tbody tr").first
    cancelled_name = first_row.locator("td").nth(1).inner_text().strip()
    assert cancelled_name
    first_row.get_by_role("combobox").select_option("cancelled")
    first_row.get_by_role("button", name=T("Save")).click()
    expect(page.get_by_text(T("Saved."))).to_be_visible()
    personal_link = page.locator("table.participants tbody tr").nth(1).locator("input.token")
    link = personal_link.input_value()
    page.get_by_role("navigation", name=T("Workshop")).get_by_role(
        "link", name=T("Breakout tables")
    ).click()
    expect(page.get_by_text(T("Cancelled but still seated:"))).to_be_visible()
    page.get_by_label(T("Rounds already held")).fill("1")
    page.get_by_role("button", name=T("Re-plan the open rounds")).click()
    replanned = [
        N(
            "The open rounds have been re-planned; %(count)s person changed tables.",
            "The open rounds have been re-planned; %(count)s people changed tables.",
            n,
        )
        % {"count": n}
        for n in range(60)
    ]
    expect(page.get_by_text(re.compile("|".join(map(re.escape, replanned))))).to_be_visible()
    round_two = page.locator("section.round").nth(1)
    expect(round_two).not_to_contain_text(cancelled_name)
    coordinator.check_accessibility()

    # Download the table plan.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=T("Download the table plan (PDF)")).click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # A participant opens their personal link on a phone.
    guest = open_session(browser_locale)
    guest.context.close()
    guest.context = page.context.browser.new_context(
        base_url=page.url.split("/t/")[0],
        locale=browser_locale,
        viewport={"width": 390, "height": 800},
    )
    guest.page = guest.context.new_page()
    phone = guest.page
    phone.goto(link)
    expect(phone.get_by_role("heading", name=T("Your tables"))).to_be_visible()
    for number in (1, 3):
        seat = T("Round %(round)s: Table %(table)s") % {"round": number, "table": "TABLE"}
        pattern = "^" + re.escape(seat).replace("TABLE", r"\d+") + "$"
        expect(phone.get_by_text(re.compile(pattern))).to_be_visible()
    guest.check_accessibility()
    phone.get_by_role("button", name=T("I will come")).click()
    expect(phone.get_by_text(T("Thank you! You have accepted the invitation."))).to_be_visible()

    assert coordinator.axe_violations + guest.axe_violations == []
    assert coordinator.console_errors == []
