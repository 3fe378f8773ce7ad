"""Main journey: a coordinator creates a team and invites a member, who signs up through
the link, ticks a checklist item and switches to English. axe-core checks every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from klimapakete.packages.services import content_load

PASSWORD = "Klimaschutz-vor-Ort-2026"


def activate_from_mail(page, address: str) -> None:
    """Sign-up answers "check your mail" for any address; the link in the mail activates."""
    expect(page.get_by_role("heading", name="Schau in dein Postfach")).to_be_visible()
    sent = [m for m in mail.outbox if m.to == [address]]
    assert sent, f"no sign-up mail to {address}"
    link = re.search(r"https?://\S+/signup/\S+/", sent[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Konto aktivieren").click()


@pytest.mark.django_db(transaction=True)
def test_coordinator_invites_member_who_ticks_an_item(open_session):
    content_load()

    # The coordinator signs up and creates the team.
    coordinator = open_session()
    page = coordinator.page
    page.goto("/")
    coordinator.check_accessibility()
    page.get_by_role("link", name="Konto anlegen").click()
    coordinator.check_accessibility()
    page.get_by_label("Name").fill("Clara Koordination")
    page.get_by_label("E-Mail-Adresse").fill("clara@example.org")
    page.get_by_label(re.compile(r"^Passwort:?$")).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    activate_from_mail(page, "clara@example.org")
    page.get_by_role("link", name="Team anlegen").last.click()
    coordinator.check_accessibility()
    page.get_by_label("Name").fill("LocalZero Browserstadt")
    page.get_by_label("Kommune").fill("Browserstadt")
    page.get_by_label("Bundesland").select_option("HE")
    page.get_by_role("button", name="Team anlegen").click()
    expect(page.get_by_role("heading", name="Mitglieder", exact=True)).to_be_visible()
    coordinator.check_accessibility()

    # The team follows package A.
    page.get_by_role("navigation", name="Team-Navigation").get_by_role(
        "link", name="Pakete"
    ).click()
    coordinator.check_accessibility()
    page.get_by_role("button", name="Diesem Paket folgen").first.click()
    expect(page.get_by_text("Dein Team folgt jetzt diesem Paket.")).to_be_visible()
    coordinator.check_accessibility()

    # An invitation link for a member.
    page.get_by_role("navigation", name="Team-Navigation").get_by_role(
        "link", name="Mitglieder"
    ).click()
    page.get_by_label("Rolle").select_option("member")
    page.get_by_role("button", name="Einladungslink erstellen").click()
    link = page.locator("input.token").first.input_value()
    assert re.search(r"/invite/[\w-]+/$", link)
    coordinator.check_accessibility()

    # The member signs up through the link.
    member = open_session()
    mpage = member.page
    mpage.goto(link)
    expect(mpage.get_by_role("heading", name="LocalZero Browserstadt beitreten")).to_be_visible()
    member.check_accessibility()
    mpage.get_by_label("Name").fill("Mo Mitglied")
    mpage.get_by_label("E-Mail-Adresse").fill("mo@example.org")
    mpage.get_by_label(re.compile(r"^Passwort:?$")).fill(PASSWORD)
    mpage.get_by_label("Passwort wiederholen").fill(PASSWORD)
    mpage.get_by_role("button", name="Konto anlegen und beitreten").click()
    activate_from_mail(mpage, "mo@example.org")
    expect(mpage.get_by_role("heading", name="LocalZero Browserstadt", exact=True)).to_be_visible()
    member.check_accessibility()

    # The member opens the current step from the dashboard and ticks the first item.
    mpage.get_by_role("link", name=re.compile(r"^A1 · ")).first.click()
    member.check_accessibility()
    first_item = mpage.locator(".checklist > li").first
    toggle = first_item.get_by_role("button", name="Erledigt")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(first_item_after := mpage.locator(".checklist > li").first).to_contain_text(
        "Erledigt von Mo Mitglied"
    )
    expect(first_item_after.get_by_role("button", name="Erledigt")).to_have_attribute(
        "aria-pressed", "true"
    )
    mpage.reload()
    expect(
        mpage.locator(".checklist > li").first.get_by_role("button", name="Erledigt")
    ).to_have_attribute("aria-pressed", "true")
    member.check_accessibility()

    # The coordinator sees the tick on the dashboard.
    page.get_by_role("navigation", name="Team-Navigation").get_by_role(
        "link", name="Übersicht"
    ).click()
    expect(page.get_by_text(re.compile(r"1 von \d+ Punkten erledigt"))).to_be_visible()

    # The member switches to English.
    mpage.get_by_role("button", name="EN").click()
    expect(mpage.get_by_role("heading", name="Checklist")).to_be_visible()
    expect(mpage.locator("html")).to_have_attribute("lang", "en")
    mpage.get_by_role("navigation", name="Team navigation").get_by_role(
        "link", name="Dashboard"
    ).click()
    expect(mpage.get_by_role("heading", name="Progress")).to_be_visible()
    member.check_accessibility()

    assert coordinator.axe_violations + member.axe_violations == []
    assert coordinator.console_errors + member.console_errors == []
