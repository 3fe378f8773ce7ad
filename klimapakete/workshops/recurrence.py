"""The dates of a round-table series as a ``dateutil`` rule. Pure, no Django."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import islice

from dateutil import rrule

WEEKLY = "weekly"
MONTHLY = "monthly"


def series_rule(*, frequency: str, interval: int, first: date) -> rrule.rrule:
    """Every ``interval`` weeks, or every ``interval`` months on the weekday and week of the
    month of ``first`` ("second Tuesday"); a fifth weekday counts as the last one of the month.
    """
    start = datetime.combine(first, time())
    if frequency == WEEKLY:
        return rrule.rrule(rrule.WEEKLY, interval=interval, dtstart=start)
    nth = (first.day - 1) // 7 + 1
    weekday = rrule.weekdays[first.weekday()](nth if nth <= 4 else -1)
    return rrule.rrule(rrule.MONTHLY, interval=interval, byweekday=weekday, dtstart=start)


def occurrences(rule: rrule.rrule, *, start: date, count: int) -> list[date]:
    """The next ``count`` dates of ``rule`` on or after ``start``."""
    after = rule.xafter(datetime.combine(start, time()), count=count, inc=True)
    return [moment.date() for moment in islice(after, count)]


def rrule_value(rule: rrule.rrule) -> str:
    """The rule as the value of an iCalendar ``RRULE`` property (without ``DTSTART``)."""
    return next(
        line.removeprefix("RRULE:") for line in str(rule).splitlines() if line.startswith("RRULE:")
    )
