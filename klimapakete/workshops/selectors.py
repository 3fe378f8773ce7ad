"""Reads of the workshop planner and the round table. Each runs a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from klimapakete.core.links import absolute_url, site_host
from klimapakete.core.sender import sender_for
from klimapakete.documents import safe_colour
from klimapakete.workshops import ical, recurrence
from klimapakete.workshops.models import (
    ActionItem,
    AgendaBlock,
    BreakoutPlan,
    CalendarFeed,
    Meeting,
    Participant,
    RoundTable,
    Workshop,
)

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def workshops_of(team: Team):
    return (
        Workshop.objects.filter(team=team)
        .annotate(
            people=Count("participants", distinct=True),
            taking_part=Count(
                "participants",
                filter=~Q(participants__status__in=["declined", "cancelled"]),
                distinct=True,
            ),
        )
        .order_by("-date", "-pk")
    )


@dataclass
class TimedBlock:
    block: AgendaBlock
    start: datetime
    end: datetime


def agenda_with_times(workshop: Workshop, blocks=None) -> list[TimedBlock]:
    """Agenda blocks with start and end times that follow from the durations."""
    blocks = list(workshop.agenda.all()) if blocks is None else blocks
    moment = datetime.combine(workshop.date, workshop.start_time)
    timed = []
    for block in blocks:
        end = moment + timedelta(minutes=block.minutes)
        timed.append(TimedBlock(block, moment, end))
        moment = end
    return timed


def participants_of(workshop: Workshop) -> list[Participant]:
    return list(workshop.participants.select_related("sector", "actor"))


def plan_of(workshop: Workshop) -> BreakoutPlan | None:
    return BreakoutPlan.objects.filter(workshop=workshop).first()


@dataclass
class Table:
    number: int
    people: list[Participant]


@dataclass
class RoundView:
    number: int
    held: bool
    tables: list[Table]


@dataclass
class PlanView:
    plan: BreakoutPlan | None
    rounds: list[RoundView] = field(default_factory=list)
    moves: list[dict] = field(default_factory=list)
    unseated: list[Participant] = field(default_factory=list)
    not_taking_part: list[Participant] = field(default_factory=list)
    crowded_sectors: list[dict] = field(default_factory=list)
    # Per figure: its lower bound and whether the plan meets it ("optimal").
    bounds: dict = field(default_factory=dict)
    optimal: dict = field(default_factory=dict)
    # The table counts tried for the size asked for, and why the plan deviates.
    options: list[dict] = field(default_factory=list)
    deviation: str = ""  # "", "repeats" or "clashes"
    requested: dict | None = None
    advice: list[dict] = field(default_factory=list)


def _table_sizes(option: dict) -> dict:
    low, high = option["table_sizes"]
    return {"low": low, "high": high, "equal": low == high}


def _plan_figures(view: PlanView, metrics: dict) -> None:
    """Bounds, "optimal" marks, table-count options and advice from the stored metrics."""
    bounds = metrics.get("bounds") or {}
    view.bounds = bounds
    for key in ("repeated_pairs", "sector_clashes_over_one", "sector_clashes"):
        if key in bounds and key in metrics:
            view.optimal[key] = metrics[key] <= bounds[key]
    groups = metrics.get("groups")
    for option in metrics.get("group_options") or []:
        view.options.append(
            {
                **option,
                **_table_sizes(option),
                "chosen": option["groups"] == groups,
                "requested": option["groups"] == metrics.get("requested_groups"),
            }
        )
    requested = next((o for o in view.options if o["requested"]), None)
    chosen = next((o for o in view.options if o["chosen"]), None)
    if requested and chosen and requested is not chosen:
        view.requested = requested
        # An option not planned counts with its bounds (they ruled it out).
        asked = requested.get("repeated_pairs", requested["bounds"]["repeated_pairs"])
        view.deviation = "repeats" if asked > chosen["repeated_pairs"] else "clashes"
    if metrics.get("repeated_pairs"):
        view.advice = list(metrics.get("advice") or [])


def plan_view(workshop: Workshop, participants: list[Participant]) -> PlanView:
    """The stored plan with participant objects in place of ids (no further queries)."""
    plan = plan_of(workshop)
    view = PlanView(plan)
    if plan is None:
        return view
    people = {str(p.pk): p for p in participants}
    seated_open: set[str] = set()
    for t, rnd in enumerate(plan.rounds):
        tables = []
        for g, group in enumerate(rnd):
            tables.append(Table(g + 1, [people[pid] for pid in group if pid in people]))
            if t >= plan.held_rounds:
                seated_open.update(group)
        view.rounds.append(RoundView(t + 1, t < plan.held_rounds, tables))
    for move in plan.moves:
        if move["id"] in people:
            view.moves.append({**move, "participant": people[move["id"]]})
    view.unseated = [p for p in participants if p.taking_part and str(p.pk) not in seated_open]
    view.not_taking_part = [
        p for p in participants if not p.taking_part and str(p.pk) in seated_open
    ]
    groups = len(plan.rounds[-1]) if plan.rounds else 0
    counts = Counter(p.sector for p in participants if p.taking_part and p.sector_id)
    view.crowded_sectors = [
        {"sector": sector, "members": n, "groups": groups}
        for sector, n in counts.items()
        if groups and n > groups
    ]
    _plan_figures(view, plan.metrics or {})
    return view


def round_starts(workshop: Workshop, blocks=None) -> list[datetime]:
    """When each breakout round starts: the agenda's round blocks in order."""
    return [
        timed.start
        for timed in agenda_with_times(workshop, blocks)
        if timed.block.kind == AgendaBlock.Kind.ROUND
    ]


def schedule_lines(
    plan: BreakoutPlan | None, participant: Participant, starts: list[datetime] | None = None
) -> list[dict]:
    """Per round the table of the participant: [{"round": 1, "table": 4}, ...]; with
    ``starts`` (see :func:`round_starts`) also the round's start time, where the agenda
    has one."""
    if plan is None:
        return []
    pid = str(participant.pk)
    lines = []
    for t, rnd in enumerate(plan.rounds):
        for g, group in enumerate(rnd):
            if pid in group:
                line = {"round": t + 1, "table": g + 1}
                if starts is not None:
                    line["starts"] = starts[t] if t < len(starts) else None
                lines.append(line)
    return lines


def _line(entry: dict) -> dict:
    text = _("Round %(round)s: Table %(table)s") % entry
    starts = entry.get("starts")
    return {"time": formats.time_format(starts, "TIME_FORMAT") if starts else "", "text": text}


def _subtitle(workshop: Workshop) -> str:
    when = formats.date_format(workshop.date, "DATE_FORMAT")
    if workshop.place:
        return _("%(date)s · %(place)s") % {"date": when, "place": workshop.place}
    return when


def print_data(workshop: Workshop, language: str) -> dict:
    """Everything the three printables need, as plain JSON-friendly data."""
    participants = participants_of(workshop)
    plan = plan_of(workshop)
    people = {str(p.pk): p for p in participants}
    starts = round_starts(workshop)

    def person(p: Participant) -> dict:
        return {
            "name": p.name,
            "sector": p.sector.name if p.sector_id else "",
            "colour": safe_colour(p.sector.colour if p.sector_id else None),
            "host": p.is_host,
        }

    def table(number: int, group: list[str]) -> dict:
        seated = [people[i] for i in group if i in people]
        # Hosts first, so the host label heads the table and never sits above a guest.
        seated.sort(key=lambda p: not p.is_host)
        return {
            "heading": _("Table %(number)s") % {"number": number},
            "people": [person(p) for p in seated],
        }

    rounds = []
    for t, rnd in enumerate(plan.rounds if plan else []):
        when = formats.time_format(starts[t], "TIME_FORMAT") if t < len(starts) else ""
        heading = _("Round %(number)s") % {"number": t + 1}
        rounds.append(
            {
                "heading": heading,
                "time": when,
                "tables": [table(g + 1, group) for g, group in enumerate(rnd)],
            }
        )
    taking_part = [p for p in participants if p.taking_part]
    return {
        "title": workshop.title,
        "subtitle": _subtitle(workshop),
        "lang": language[:2],
        "empty": _("No table yet."),
        "host_label": _("table host"),
        "rounds": rounds,
        "people": [
            {**person(p), "lines": [_line(e) for e in schedule_lines(plan, p, starts)]}
            for p in taking_part
        ],
    }


# --- Dashboard and export ----------------------------------------------------------------


def alliance_goal(team: Team) -> Workshop | None:
    return (
        Workshop.objects.filter(team=team, goal_adopted=True)
        .exclude(shared_goal="")
        .order_by("-date", "-pk")
        .first()
    )


def dashboard_panel(request) -> dict | None:
    team = request.team
    goal = alliance_goal(team)
    next_meeting = (
        Meeting.objects.filter(round_table__team=team, starts_at__gte=timezone.now())
        .select_related("round_table")
        .order_by("starts_at")
        .first()
    )
    open_items = ActionItem.objects.filter(round_table__team=team).exclude(status="done").count()
    if goal is None and next_meeting is None and not open_items:
        return None
    return {
        "template": "workshops/dashboard_panel.html",
        "context": {"goal": goal, "next_meeting": next_meeting, "open_items": open_items},
    }


def workshops_export(team: Team) -> dict[str, list[dict]]:
    workshops = list(Workshop.objects.filter(team=team))
    participants = Participant.objects.filter(workshop__team=team).select_related("sector")
    blocks = AgendaBlock.objects.filter(workshop__team=team)
    plans = BreakoutPlan.objects.filter(workshop__team=team)
    tables = RoundTable.objects.filter(team=team)
    meetings = Meeting.objects.filter(round_table__team=team)
    items = ActionItem.objects.filter(round_table__team=team).select_related("owner")
    return {
        "workshops": [
            {
                "id": w.pk,
                "title": w.title,
                "date": w.date,
                "start_time": w.start_time,
                "place": w.place,
                "facilitators": w.facilitators,
                "shared_goal": w.shared_goal,
                "decisions": w.decisions,
                "goal_adopted": w.goal_adopted,
            }
            for w in workshops
        ],
        "workshop_participants": [
            {
                "id": p.pk,
                "workshop_id": p.workshop_id,
                "actor_id": p.actor_id,
                "name": p.name,
                "sector": p.sector.name if p.sector_id else "",
                "email": p.email,
                "status": p.status,
                "is_host": p.is_host,
                "invited_at": p.invited_at,
                "responded_at": p.responded_at,
            }
            for p in participants
        ],
        "workshop_agenda": [
            {
                "id": b.pk,
                "workshop_id": b.workshop_id,
                "order": b.order,
                "kind": b.kind,
                "title": b.title,
                "minutes": b.minutes,
                "notes": b.notes,
            }
            for b in blocks
        ],
        "workshop_plans": [
            {
                "workshop_id": p.workshop_id,
                "round": t + 1,
                "table": g + 1,
                "participant_id": pid,
            }
            for p in plans
            for t, rnd in enumerate(p.rounds)
            for g, group in enumerate(rnd)
            for pid in group
        ],
        "round_tables": [
            {
                "id": r.pk,
                "title": r.title,
                "place": r.place,
                "frequency": r.frequency,
                "interval": r.interval,
                "first_date": r.first_date,
                "start_time": r.start_time,
                "duration_minutes": r.duration_minutes,
                "description": r.description,
            }
            for r in tables
        ],
        "round_table_meetings": [
            {
                "id": m.pk,
                "round_table_id": m.round_table_id,
                "starts_at": m.starts_at,
                "place": m.place,
                "minutes": m.minutes,
            }
            for m in meetings
        ],
        "round_table_action_items": [
            {
                "id": i.pk,
                "round_table_id": i.round_table_id,
                "meeting_id": i.meeting_id,
                "title": i.title,
                "owner": i.owner.email if i.owner_id else "",
                "due": i.due,
                "status": i.status,
                "public": i.public,
                "done_at": i.done_at,
            }
            for i in items
        ],
    }


def participant_export(participant: Participant, plan: BreakoutPlan | None) -> dict:
    """What is stored about one participant (their right of access)."""
    return {
        "name": participant.name,
        "email": participant.email,
        "sector": participant.sector.name if participant.sector_id else "",
        "status": participant.status,
        "is_host": participant.is_host,
        "invited_at": participant.invited_at,
        "responded_at": participant.responded_at,
        "workshop": participant.workshop.title,
        "schedule": schedule_lines(plan, participant),
    }


# --- Round tables ------------------------------------------------------------------------


def open_items_before(meeting: Meeting) -> list[ActionItem]:
    """Action items of the series from earlier meetings that are not done: they carry over."""
    return list(
        ActionItem.objects.filter(
            round_table=meeting.round_table_id, meeting__starts_at__lt=meeting.starts_at
        )
        .exclude(status=ActionItem.Status.DONE)
        .select_related("owner", "meeting")
        .order_by("due", "pk")
    )


def round_tables_of(team: Team):
    return RoundTable.objects.filter(team=team).prefetch_related(
        Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at"))
    )


def feed_url(feed: CalendarFeed) -> str:
    return absolute_url(reverse("roundtable_ical", kwargs={"token": feed.token}))


def calendar_events(team: Team) -> list[ical.Event]:
    """Round-table meetings and workshops of the team as calendar events."""
    from klimapakete.workshops.services import _at, series_rule

    host = site_host()
    sender = sender_for(team)
    organizer = {"organizer_name": sender.team, "organizer_email": sender.email}
    events = []
    for table in RoundTable.objects.filter(team=team).prefetch_related("meetings"):
        dates = set()
        for meeting in table.meetings.all():
            dates.add(timezone.localtime(meeting.starts_at).date())
            events.append(
                ical.Event(
                    uid=f"meeting-{meeting.pk}@{host}",
                    start=meeting.starts_at,
                    end=meeting.starts_at + timedelta(minutes=table.duration_minutes),
                    summary=table.title,
                    location=meeting.place or table.place,
                    description=table.description,
                    **organizer,
                )
            )
        # The series as one event with its rule; a date with a meeting is that meeting.
        rule = series_rule(table)
        first = _at(table.first_date, table.start_time)
        events.append(
            ical.Event(
                uid=f"roundtable-{table.pk}@{host}",
                start=first,
                end=first + timedelta(minutes=table.duration_minutes),
                summary=table.title,
                location=table.place,
                description=table.description,
                rrule=recurrence.rrule_value(rule),
                exdates=[
                    _at(day, table.start_time)
                    for day in sorted(dates)
                    if datetime.combine(day, time()) in rule
                ],
                **organizer,
            )
        )
    for workshop in Workshop.objects.filter(team=team).prefetch_related("agenda"):
        timed = agenda_with_times(workshop)
        start = timezone.make_aware(datetime.combine(workshop.date, workshop.start_time))
        end = timezone.make_aware(timed[-1].end) if timed else start + timedelta(hours=4)
        events.append(
            ical.Event(
                uid=f"workshop-{workshop.pk}@{host}",
                start=start,
                end=end,
                summary=workshop.title,
                location=workshop.place,
                **organizer,
            )
        )
    return events
