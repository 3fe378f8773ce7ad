"""iCalendar (RFC 5545) feeds written with the ``icalendar`` library. Pure, no Django.

Times are local to ``TZID`` (with its ``VTIMEZONE``), so a series' ``RRULE`` keeps its
wall-clock time across daylight saving time; ``DTSTAMP`` is UTC.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

TZID = "Europe/Berlin"
# How far the VTIMEZONE reaches beyond today, for the open-ended series.
TIMEZONE_YEARS = 10


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime  # timezone-aware
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    # Who invites (RFC 5545 §3.8.4.3): the team's name and its contact's address.
    organizer_name: str = ""
    organizer_email: str = ""
    # A series: the RRULE value (e.g. "FREQ=MONTHLY;BYDAY=+2TU") and the dates left out.
    rrule: str = ""
    exdates: Sequence[datetime] = field(default_factory=tuple)


def _component(event: Event, *, zone: ZoneInfo, stamp: datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("dtstamp", stamp)
    component.add("dtstart", event.start.astimezone(zone))
    component.add("dtend", event.end.astimezone(zone))
    component.add("summary", event.summary)
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
    if event.exdates:
        component.add("exdate", [moment.astimezone(zone) for moment in event.exdates])
    if event.location:
        component.add("location", event.location)
    if event.description:
        component.add("description", event.description)
    if event.url:
        component.add("url", event.url)
    if event.organizer_email:
        organizer = icalendar.vCalAddress(f"mailto:{event.organizer_email}")
        organizer.params["cn"] = event.organizer_name
        component.add("organizer", organizer)
    return component


def calendar(*, name: str, events: Iterable[Event], now: datetime, tzid: str = TZID) -> bytes:
    """A VCALENDAR with the events, as bytes with CRLF line endings."""
    zone = ZoneInfo(tzid)
    events = list(events)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Klimapakete//Workshops//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", icalendar.vText(name))
    stamp = now.astimezone(ZoneInfo("UTC"))
    for event in events:
        cal.add_component(_component(event, zone=zone, stamp=stamp))
    if events:
        first = min(event.start for event in events).astimezone(zone).date()
        last = max(max(event.end for event in events).date(), now.date())
        cal.add_missing_timezones(
            first_date=date(first.year, 1, 1),
            last_date=date(last.year + TIMEZONE_YEARS, 1, 1) - timedelta(days=1),
        )
    return cal.to_ical()
