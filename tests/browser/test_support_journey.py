"""Support journey (German): staff open a round of dot voting, two teams give their dots,
staff close the round and both teams see the ranking; a team asks for advice, staff answer,
the team reads the answer and got a mail. axe-core checks the pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

PASSWORD = "Klimaschutz-vor-Ort-2026"


@pytest.mark.django_db(transaction=True)
def test_dot_voting_and_advice(open_session):
    from klimapakete.accounts.models import User
    from klimapakete.accounts.services import support_staff_grant
    from klimapakete.packages.services import content_load
    from klimapakete.teams.services import team_create

    content_load()
    sam = User.objects.create_user(email="sam@example.org", password=PASSWORD, name="Sam Support")
    support_staff_grant(user=sam)
    anna = User.objects.create_user(email="anna@example.org", password=PASSWORD, name="Anna Alt")
    bernd = User.objects.create_user(
        email="bernd@example.org", password=PASSWORD, name="Bernd Berg"
    )
    ahorn = team_create(user=anna, name="LocalZero Ahorn", municipality="Ahorn", federal_state="HE")
    birke = team_create(
        user=bernd, name="LocalZero Birke", municipality="Birke", federal_state="SN"
    )

    # Staff open a round and add three needs.
    s = open_session()
    s.log_in(sam)
    page = s.page
    page.goto("/support/")
    page.get_by_role("link", name="Punkteabfrage").first.click()
    now = timezone.localtime()
    page.get_by_label("Titel").fill("Unterstützungsbedarf 2027")
    page.get_by_label("beginnt").fill((now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("endet").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Wer stimmt ab").select_option("team")
    page.get_by_label("Punkte pro Stimme").fill("5")
    page.get_by_label("höchstens Punkte pro Bedarf").fill("3")
    s.check_accessibility()
    page.get_by_role("button", name="Runde anlegen").click()
    for topic, need in [
        ("Klimabeirat", "Leitfaden Klimarat"),
        ("Allianz", "Kick-off Workshop"),
        ("Allianz", "Kompass"),
    ]:
        page.get_by_label("Thema").fill(topic)
        page.get_by_label(re.compile(r"^Bedarf")).fill(need)
        page.get_by_role("button", name="Bedarf hinzufügen").click()
    expect(page.get_by_text("Kompass")).to_be_visible()
    s.check_accessibility()

    # Two teams vote from their dashboards.
    a = open_session()
    a.log_in(anna)
    apage = a.page
    apage.goto(f"/t/{ahorn.slug}/")
    apage.get_by_role("link", name="Unterstützungsbedarf 2027").click()
    expect(apage.locator("#remaining")).to_contain_text("5 von 5 Punkten übrig")
    apage.get_by_label("Leitfaden Klimarat").fill("3")
    apage.get_by_label("Kompass").fill("2")
    expect(apage.locator("#remaining")).to_contain_text("0 von 5 Punkten übrig")
    a.check_accessibility()
    apage.get_by_role("button", name="Punkte speichern").click()
    expect(apage.get_by_text("Deine Punkte sind gespeichert.")).to_be_visible()
    expect(
        apage.get_by_text("Die Rangfolge bleibt bis zum Ende der Runde verborgen.")
    ).to_be_visible()

    b = open_session()
    b.log_in(bernd)
    bpage = b.page
    bpage.goto(f"/t/{birke.slug}/support/rounds/")
    bpage.get_by_role("link", name="Unterstützungsbedarf 2027").click()
    bpage.get_by_label("Leitfaden Klimarat").fill("3")
    bpage.get_by_label("Kick-off Workshop").fill("3")
    bpage.get_by_role("button", name="Punkte speichern").click()
    expect(bpage.get_by_role("alert")).to_contain_text("Du hast 5 Punkte; vergeben hast du 6.")
    bpage.get_by_label("Kick-off Workshop").fill("2")
    bpage.get_by_role("button", name="Punkte speichern").click()
    expect(bpage.get_by_text("Deine Punkte sind gespeichert.")).to_be_visible()

    # Staff see only how many teams voted, then close the round.
    page.reload()
    expect(page.get_by_text("Bisher haben 2 Teams abgestimmt.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Runde jetzt schließen").click()
    expect(page.get_by_role("heading", name="Rangfolge")).to_be_visible()

    # Both teams see the ranking.
    for session in (a, b):
        session.page.reload()
        ranking = session.page.locator("table.ranking")
        expect(ranking.locator("tbody tr").first).to_contain_text("Leitfaden Klimarat")
        expect(ranking.locator("tbody tr").first).to_contain_text("6 Punkte")
        expect(session.page.get_by_text("2 Teams haben teilgenommen")).to_be_visible()
        session.check_accessibility()

    # A team asks for advice from the dashboard; staff answer; the team reads it and got mail.
    apage.goto(f"/t/{ahorn.slug}/")
    apage.get_by_role("link", name="Die Supportorganisation um Rat fragen").click()
    apage.get_by_label("Thema").fill("Antrag im Stadtrat")
    apage.get_by_label("Frage").fill("Welche Fraktion sollen wir zuerst ansprechen?")
    a.check_accessibility()
    apage.get_by_role("button", name="Frage senden").click()
    expect(
        apage.get_by_text("Deine Anfrage ist bei der Supportorganisation angekommen.")
    ).to_be_visible()

    mail.outbox.clear()
    page.goto("/support/advice/")
    page.get_by_role("link", name="Antrag im Stadtrat").click()
    s.check_accessibility()
    page.get_by_label("Nachricht").fill(
        "Beginnt mit der Fraktion, die den Klimaschutz-Ausschuss leitet."
    )
    page.get_by_role("button", name="Dem Team antworten").click()
    expect(page.get_by_text("Deine Antwort ist an das Team gegangen.")).to_be_visible()

    apage.reload()
    expect(apage.get_by_text("Beginnt mit der Fraktion")).to_be_visible()
    expect(apage.get_by_text("wartet auf das Team")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "geantwortet" in mail.outbox[0].subject + mail.outbox[0].body

    # the refused ballot was answered with 400 on purpose; nothing else may have failed
    assert b.console_errors[:1] == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    b.console_errors = b.console_errors[1:]
    for session in (s, a, b):
        assert session.console_errors == []
        assert session.axe_violations == []
