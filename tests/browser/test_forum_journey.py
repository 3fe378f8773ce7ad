"""Forum journey (German): a member of team A asks in a step's category; a member of team B
gets the notification under the bell, answers; A marks the answer as the solution; the
step page shows the solved question under "Von anderen Teams". axe-core checks the pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


def log_in(session, email: str) -> None:
    page = session.page
    page.goto("/accounts/login/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_a_team_asks_another_answers_and_the_step_page_shows_it(open_session):
    from klimapakete.accounts.models import User
    from klimapakete.packages.models import Package, Step
    from klimapakete.packages.services import content_load, package_adopt
    from klimapakete.teams.services import team_create

    content_load()
    anna = User.objects.create_user(email="anna@example.org", password=PASSWORD, name="Anna Alt")
    bernd = User.objects.create_user(
        email="bernd@example.org", password=PASSWORD, name="Bernd Berg"
    )
    team_a = team_create(
        user=anna, name="LocalZero Ahorn", municipality="Ahorn", federal_state="HE"
    )
    team_create(user=bernd, name="LocalZero Birke", municipality="Birke", federal_state="SN")
    allianz = Package.objects.get(key="allianz")
    package_adopt(team=team_a, package=allianz, user=anna)
    step = Step.objects.get(package=allianz, key="actors")
    step_url = f"/t/{team_a.slug}/packages/allianz/{step.key}/"

    # A asks from the step page.
    a = open_session()
    log_in(a, "anna@example.org")
    page = a.page
    page.goto(step_url)
    page.get_by_role("link", name="Andere Teams zu diesem Schritt fragen").click()
    a.check_accessibility()
    page.get_by_label("Titel").fill("Wie viele Akteur:innen zu Beginn?")
    page.get_by_label("Deine Frage oder dein Thema").fill(
        "Wir haben 60 Namen gesammelt. Wie habt ihr ausgewählt?"
    )
    page.get_by_role("button", name="Thema veröffentlichen").click()
    expect(page.get_by_role("heading", name="Wie viele Akteur:innen zu Beginn?")).to_be_visible()
    a.check_accessibility()

    # B finds it in the step's category and answers; A follows the thread.
    b = open_session()
    log_in(b, "bernd@example.org")
    bpage = b.page
    bpage.get_by_role("link", name="Forum", exact=True).first.click()
    bpage.get_by_role("link", name=re.compile("Akteur:innen identifizieren")).first.click()
    b.check_accessibility()
    bpage.get_by_role("link", name="Wie viele Akteur:innen zu Beginn?").click()
    bpage.get_by_label("Deine Antwort").fill("Pro Sektor die **fünf wichtigsten** zuerst.")
    bpage.get_by_role("button", name="Antwort veröffentlichen").click()
    expect(bpage.get_by_text("fünf wichtigsten")).to_be_visible()
    b.check_accessibility()

    # A sees the notification under the bell and opens it.
    page.goto("/teams/")
    bell = page.locator("#notification-bell")
    expect(bell).to_contain_text("1")
    bell.click()
    a.check_accessibility()
    page.get_by_role(
        "button", name=re.compile("Bernd Berg \\(LocalZero Birke\\) hat in „Wie viele")
    ).click()
    expect(page.get_by_text("fünf wichtigsten")).to_be_visible()

    # A marks the answer as the solution.
    page.get_by_role("button", name="Das hat meine Frage beantwortet").click()
    expect(page.get_by_role("heading", name="Lösung")).to_be_visible()
    expect(page.get_by_text("Als Lösung markiert.")).to_be_visible()
    a.check_accessibility()

    # The step page shows the solved question from other teams.
    page.goto(step_url)
    panel = page.locator("section.from-other-teams")
    expect(panel.get_by_role("heading", name="Gelöste Fragen")).to_be_visible()
    expect(panel.get_by_role("link", name="Wie viele Akteur:innen zu Beginn?")).to_be_visible()
    a.check_accessibility()

    # B was told the answer solved it.
    bpage.goto("/notifications/")
    expect(bpage.get_by_text(re.compile("hat deine Antwort in „Wie viele"))).to_be_visible()

    for session in (a, b):
        assert session.console_errors == []
        assert session.axe_violations == []
