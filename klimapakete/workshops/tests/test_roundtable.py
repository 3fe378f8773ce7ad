"""Round tables: series and meetings, the iCalendar feed, minutes and carried-over items."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from klimapakete.workshops import ical, services
from klimapakete.workshops.models import ActionItem, Meeting, RoundTable


def url(name, team, **kwargs):
    return reverse(name, kwargs={"team_slug": team.slug, **kwargs})


@pytest.fixture
def series(personas):
    return services.round_table_create(
        team=personas["team"],
        title="Stammtisch, Klima; Allianz \\ Nord",
        place="Rathaus, Raum 1; Eingang B",
        frequency=RoundTable.Frequency.MONTHLY,
        interval=1,
        first_date=timezone.localdate() + timedelta(days=3),
        start_time=time(18, 30),
        description="Zeile eins\nZeile zwei mit einer sehr langen Beschreibung, die über "
        "fünfundsiebzig Oktette hinausgeht, mit Umlauten äöü und Emoji 🌍🌍🌍 zum Falten.",
    )


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_creating_a_series_and_the_next_meeting(coordinator_client, personas):
    team = personas["team"]
    response = coordinator_client.post(
        url("workshops:roundtables", team),
        {
            "title": "Stammtisch",
            "place": "VHS",
            "frequency": "monthly",
            "interval": 2,
            "first_date": "2026-01-13",  # the second Tuesday
            "start_time": "18:00",
            "duration_minutes": 90,
        },
    )
    assert response.status_code == 302
    table = RoundTable.objects.get(team=team)
    days = services.occurrences(table, start=date(2026, 1, 1), count=4)
    assert days == [date(2026, 1, 13), date(2026, 3, 10), date(2026, 5, 12), date(2026, 7, 14)]
    assert all(d.weekday() == 1 for d in days)
    first = services.meeting_create(
        round_table=table, starts_at=timezone.make_aware(datetime(2026, 1, 13, 18))
    )
    coordinator_client.post(url("workshops:meeting_create", team, roundtable_id=table.pk))
    second = Meeting.objects.exclude(pk=first.pk).get()
    assert timezone.localtime(second.starts_at).date() >= date(2026, 3, 10)
    assert timezone.localtime(second.starts_at).weekday() == 1


def test_weekly_series_dates():
    table = RoundTable(
        frequency="weekly", interval=2, first_date=date(2026, 3, 2), start_time=time(18)
    )
    assert services.occurrences(table, start=date(2026, 3, 10), count=2) == [
        date(2026, 3, 16),
        date(2026, 3, 30),
    ]


def test_open_action_items_carry_over_to_the_next_meeting(coordinator_client, personas, series):
    team = personas["team"]
    first = services.meeting_create(
        round_table=series, starts_at=timezone.now() - timedelta(days=30)
    )
    second = services.meeting_create(
        round_table=series, starts_at=timezone.now() + timedelta(days=3)
    )
    coordinator_client.post(
        url("workshops:action_add", team, meeting_id=first.pk),
        {
            "title": "Steckbrief schreiben",
            "owner": personas["member"].pk,
            "due": "2026-02-01",
            "status": "planned",
        },
    )
    coordinator_client.post(
        url("workshops:action_add", team, meeting_id=first.pk),
        {"title": "Raum buchen", "status": "planned"},
    )
    done = ActionItem.objects.get(title="Raum buchen")
    coordinator_client.post(
        url("workshops:action_update", team, action_id=done.pk), {"status": "done"}
    )
    done.refresh_from_db()
    assert done.done_at is not None
    delayed = ActionItem.objects.get(title="Steckbrief schreiben")
    assert delayed.owner == personas["member"]
    coordinator_client.post(
        url("workshops:action_update", team, action_id=delayed.pk), {"status": "delayed"}
    )
    page = coordinator_client.get(url("workshops:meeting", team, meeting_id=second.pk))
    carried = page.text.split('id="carried-h"')[1].split('id="new-h"')[0]
    assert "Steckbrief schreiben" in carried
    assert "Raum buchen" not in carried
    assert 'value="delayed" selected' in carried
    # The earlier meeting does not show items of the later one as carried over.
    page = coordinator_client.get(url("workshops:meeting", team, meeting_id=first.pk))
    assert "Steckbrief schreiben" in page.text.split('id="new-h"')[1]


def test_an_owner_outside_the_team_is_refused(personas, series):
    meeting = services.meeting_create(round_table=series)
    with pytest.raises(services.WorkshopRuleError):
        services.action_item_create(meeting=meeting, title="x", owner=personas["outsider"])


def test_minutes_are_markdown_and_sanitised(coordinator_client, personas, series):
    meeting = services.meeting_create(round_table=series)
    team = personas["team"]
    coordinator_client.post(
        url("workshops:meeting", team, meeting_id=meeting.pk),
        {"place": "", "minutes": "## Beschlüsse\n\n**Wärmeplanung** <img src=x onerror=alert(1)>"},
    )
    page = coordinator_client.get(url("workshops:meeting", team, meeting_id=meeting.pk))
    assert "<strong>Wärmeplanung</strong>" in page.text
    assert "onerror" not in page.text.split('class="minutes"')[1].split("</div>")[0]


def test_the_calendar_feed_is_valid_icalendar(client, personas, series):
    meeting = services.meeting_create(round_table=series)
    feed = services.calendar_feed_for(personas["team"])
    response = client.get(reverse("roundtable_ical", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode("utf-8")
    raw_lines = body.split("\r\n")
    assert raw_lines[-1] == "" and "\n" not in body.replace("\r\n", "")
    for line in raw_lines:
        assert len(line.encode("utf-8")) <= 75
    lines = unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") >= 2
    assert any(line.startswith(f"UID:meeting-{meeting.pk}@") for line in lines)
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(uids) == len(set(uids))
    parsed = icalendar.Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    for event in events:
        assert event.decoded("DTSTAMP").utcoffset() == timedelta(0)
        for name in ("DTSTART", "DTEND"):
            assert event[name].params["TZID"] == "Europe/Berlin"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "SUMMARY:Stammtisch\\, Klima\\; Allianz \\\\ Nord" in lines
    assert "LOCATION:Rathaus\\, Raum 1\\; Eingang B" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert description.startswith("DESCRIPTION:Zeile eins\\nZeile zwei")
    assert "🌍🌍🌍" in description
    # The meeting at 18:30 Berlin time, the same moment as stored.
    start = timezone.localtime(meeting.starts_at)
    assert f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%dT%H%M%S}" in lines
    by_uid = {str(event["UID"]).split("@")[0]: event for event in events}
    assert by_uid[f"meeting-{meeting.pk}"].decoded("DTSTART") == meeting.starts_at
    assert start.hour == 18
    # The series itself is one event with its rule; the meeting's date is left out of it.
    rule = by_uid[f"roundtable-{series.pk}"]
    assert rule["RRULE"]["FREQ"] == ["MONTHLY"] and len(rule["RRULE"]["BYDAY"]) == 1
    assert rule.decoded("DTSTART").date() == series.first_date
    left_out = [moment.dt for moment in rule["EXDATE"].dts]
    assert left_out == [meeting.starts_at]


def test_folding_never_splits_a_character():
    moment = datetime(2026, 1, 13, 18, tzinfo=UTC)
    event = ical.Event(uid="x@test", start=moment, end=moment, summary="S", description="ä" * 100)
    body = ical.calendar(name="K", events=[event], now=moment)
    parts = body.split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert [p.decode() for p in parts]  # no part ends inside a character
    assert "DESCRIPTION:" + "ä" * 100 in unfold(body.decode())


def test_wrong_and_reset_feed_tokens_give_404(client, coordinator_client, member_client, personas):
    team = personas["team"]
    feed = services.calendar_feed_for(team)
    old = reverse("roundtable_ical", kwargs={"token": feed.token})
    assert client.get(reverse("roundtable_ical", kwargs={"token": "wrong"})).status_code == 404
    assert member_client.post(url("workshops:calendar_reset", team)).status_code == 403
    coordinator_client.post(url("workshops:calendar_reset", team))
    assert client.get(old).status_code == 404
    new = services.calendar_feed_for(team)
    assert client.get(reverse("roundtable_ical", kwargs={"token": new.token})).status_code == 200


def test_meeting_invitations_are_mailed(
    coordinator_client, personas, series, django_capture_on_commit_callbacks
):
    from django.core import mail

    meeting = services.meeting_create(round_table=series)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            url("workshops:meeting_invite", personas["team"], meeting_id=meeting.pk),
            {"members": "on", "addresses": "gast@example.org"},
        )
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["coordinator@example.org", "gast@example.org", "member@example.org"]
    invitation = next(m for m in mail.outbox if m.to == ["member@example.org"])
    assert "/ical/" in invitation.body
    # The typed-in guest only got a mail asking to confirm (see test_invitees).
    asking = next(m for m in mail.outbox if m.to == ["gast@example.org"])
    assert "/ical/" not in asking.body and "/w/confirm/" in asking.body


def test_the_export_has_round_tables_meetings_and_items(personas, series):
    from klimapakete.teams.exports import team_export_tables

    meeting = services.meeting_create(round_table=series)
    meeting.minutes = "Protokoll"
    meeting.save()
    services.action_item_create(meeting=meeting, title="Aufgabe", owner=personas["member"])
    tables = team_export_tables(personas["team"])
    assert tables["round_tables"][0]["title"] == series.title
    assert tables["round_table_meetings"][0]["minutes"] == "Protokoll"
    assert tables["round_table_action_items"][0]["owner"] == "member@example.org"
