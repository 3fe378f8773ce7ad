"""Date and time fields work in German: a date that was saved comes back in the field, and
saving again without touching it keeps it (issue 10, part 1).

Browsers accept only ISO values in ``<input type="date">``; a German "06.12.2026" in the
value shows an empty field, and the next save fails or silently drops the date.
"""

from __future__ import annotations

from datetime import date, time

import pytest
from playwright.sync_api import expect


@pytest.fixture
def german_team(db):
    from klimapakete.accounts.models import User
    from klimapakete.packages.services import content_load
    from klimapakete.teams.services import team_create

    content_load()
    user = User.objects.create_user(
        email="kim@example.org", password="Klimaschutz-vor-Ort-2026", name="Kim", language="de"
    )
    team = team_create(
        user=user, name="LocalZero Grünstadt", municipality="Grünstadt", federal_state="RP"
    )
    return user, team


@pytest.mark.django_db(transaction=True)
def test_a_conversation_keeps_its_dates_in_german(open_session, german_team):
    from django.utils import timezone

    from klimapakete.actors.models import Actor, Conversation

    user, team = german_team
    actor = Actor.objects.create(team=team, name="Stadtwerke Grünstadt", stance=3, power=4, ease=3)
    session = open_session("de-DE")
    session.log_in(user)
    page = session.page

    # "Gespräch festhalten" without touching the date: today's date is in the field.
    page.goto(f"/t/{team.slug}/actors/{actor.pk}/conversations/new/")
    today = timezone.localdate()
    expect(page.locator("input[name=date]")).to_have_value(today.isoformat())
    page.locator("textarea[name=ask]").fill("Mitmachen beim Kick-off")
    page.locator("input[name=next_step]").fill("Einladung schicken")
    page.locator("input[name=next_step_due]").fill("2099-01-20")
    page.locator("main form button.primary[type=submit]").first.click()
    expect(page.get_by_text("Das Gespräch wurde festgehalten")).to_be_visible()
    conversation = Conversation.objects.get(actor=actor)
    assert (conversation.date, conversation.next_step_due) == (today, date(2099, 1, 20))

    # Editing shows both dates, and saving unchanged keeps them.
    page.goto(f"/t/{team.slug}/actors/conversations/{conversation.pk}/edit/")
    expect(page.locator("input[name=date]")).to_have_value(today.isoformat())
    expect(page.locator("input[name=next_step_due]")).to_have_value("2099-01-20")
    page.locator("main form button.primary[type=submit]").first.click()
    page.wait_for_url(lambda url: "/edit/" not in url)
    conversation.refresh_from_db()
    assert (conversation.date, conversation.next_step_due) == (today, date(2099, 1, 20))
    assert session.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_workshop_round_table_and_action_item_dates_survive_editing_in_german(
    open_session, german_team
):
    from klimapakete.workshops import services
    from klimapakete.workshops.models import ActionItem, RoundTable, Workshop

    user, team = german_team
    session = open_session("de-DE")
    session.log_in(user)
    page = session.page

    # A workshop: create with a date and a time, then edit without touching them.
    page.goto(f"/t/{team.slug}/workshops/")
    page.locator("input[name=title]").fill("Zukunftswerkstatt")
    page.locator("input[name=date]").fill("2099-05-08")
    page.locator("input[name=start_time]").fill("09:30")
    page.locator("main form button[type=submit].primary").first.click()
    expect(page.get_by_role("heading", name="Zukunftswerkstatt")).to_be_visible()
    workshop = Workshop.objects.get(team=team)
    page.goto(f"/t/{team.slug}/workshops/{workshop.pk}/edit/")
    expect(page.locator("input[name=date]")).to_have_value("2099-05-08")
    expect(page.locator("input[name=start_time]")).to_have_value("09:30")
    page.locator("input[name=place]").fill("Rathaus")
    page.locator("main form button[type=submit].primary").first.click()
    workshop.refresh_from_db()
    assert (workshop.date, workshop.start_time, workshop.place) == (
        date(2099, 5, 8),
        time(9, 30),
        "Rathaus",
    )

    # A round table: its first date and start time come back when editing.
    table = services.round_table_create(
        team=team, title="Stammtisch", first_date=date(2099, 1, 14), start_time=time(19, 0)
    )
    page.goto(f"/t/{team.slug}/workshops/roundtables/{table.pk}/edit/")
    expect(page.locator("input[name=first_date]")).to_have_value("2099-01-14")
    expect(page.locator("input[name=start_time]")).to_have_value("19:00")
    page.locator("input[name=place]").fill("Café Mitte")
    page.locator("main form button[type=submit].primary").first.click()
    table = RoundTable.objects.get(pk=table.pk)
    assert (table.first_date, table.start_time, table.place) == (
        date(2099, 1, 14),
        time(19, 0),
        "Café Mitte",
    )

    # An action item with a due date, shown in German.
    meeting = services.meeting_create(round_table=table)
    page.goto(f"/t/{team.slug}/workshops/meetings/{meeting.pk}/")
    page.locator("input[name=title]").fill("Pressemitteilung schreiben")
    page.locator("input[name=due]").fill("2099-02-01")
    page.get_by_role("button", name="Aufgabe hinzufügen").click()
    expect(page.get_by_role("cell", name="Pressemitteilung schreiben", exact=True)).to_be_visible()
    expect(page.get_by_text("01.02.2099")).to_be_visible()
    assert ActionItem.objects.get(title="Pressemitteilung schreiben").due == date(2099, 2, 1)
    assert session.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_checklist_due_date_survives_editing_in_german(open_session, german_team):
    from klimapakete.packages.models import ItemProgress, Step
    from klimapakete.packages.services import package_adopt

    user, team = german_team
    step = Step.objects.filter(items__isnull=False).order_by("pk").first()
    package_adopt(team=team, package=step.package, user=user)
    session = open_session("de-DE")
    session.log_in(user)
    page = session.page
    page.goto(step_url(team, step))
    details = page.locator("details.check-plan").first
    details.locator("summary").click()
    details.locator("input[name=due_date]").fill("2099-03-31")
    details.locator("button[type=submit]").click()
    expect(page.get_by_text("31.03.2099")).to_be_visible()
    progress = ItemProgress.objects.get(team=team, due_date__isnull=False)
    assert progress.due_date == date(2099, 3, 31)
    page.goto(step_url(team, step))
    details = page.locator("details.check-plan").first
    details.locator("summary").click()
    expect(details.locator("input[name=due_date]")).to_have_value("2099-03-31")


def step_url(team, step):
    from django.urls import reverse

    return reverse(
        "packages:step",
        kwargs={"team_slug": team.slug, "package_key": step.package.key, "step_key": step.key},
    )


@pytest.mark.django_db(transaction=True)
def test_selection_dates_survive_editing_in_german(open_session, german_team):
    from django.urls import reverse

    from klimapakete.selection.services import setup

    user, team = german_team
    selection = setup.selection_create(team=team, title="Klimarat Grünstadt", panel_size=12)
    session = open_session("de-DE")
    session.log_in(user)
    page = session.page
    plan = reverse("selection:plan", args=[team.slug, selection.pk])
    page.goto(plan)
    form = page.locator("form.settings-form")
    form.locator("input[name=event_date]").fill("2099-03-13")
    form.locator("input[name=reply_deadline]").fill("2099-02-01")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    selection.refresh_from_db()
    assert (selection.event_date, selection.reply_deadline) == (date(2099, 3, 13), date(2099, 2, 1))

    # The saved dates come back in the fields, and saving unchanged keeps them.
    page.goto(plan)
    form = page.locator("form.settings-form")
    expect(form.locator("input[name=event_date]")).to_have_value("2099-03-13")
    expect(form.locator("input[name=reply_deadline]")).to_have_value("2099-02-01")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    selection.refresh_from_db()
    assert (selection.event_date, selection.reply_deadline) == (date(2099, 3, 13), date(2099, 2, 1))
    assert session.console_errors == []
