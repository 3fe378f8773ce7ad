"""Writes of the workshop planner and the round table. Keyword-only; the team is explicit."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from klimapakete import rotation
from klimapakete.core.links import absolute_url
from klimapakete.core.mail import outsider_mail_allow
from klimapakete.core.outsiders import outsider_email_enqueue
from klimapakete.core.sender import Sender
from klimapakete.workshops import recurrence
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


def _solver_seconds() -> float:
    """The plan's share of ``BREAKOUT_SOLVER_SECONDS``; the solver stops earlier at its bounds."""
    return settings.BREAKOUT_SOLVER_SECONDS * 2 / 3


def _advice_seconds() -> float:
    return settings.BREAKOUT_SOLVER_SECONDS / 3


class WorkshopRuleError(ValueError):
    """A request that breaks a rule of the planner; ``code`` names it for the UI."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


# --- Workshop and agenda ---------------------------------------------------------------


def _agenda_template(rounds: int) -> list[tuple[str, str, int, str]]:
    """(kind, title, minutes, notes) of the package guide's agenda, in the active language."""
    questions = [
        _("Where do we stand? What is each of us already doing for the climate?"),
        _("Where do we want to go? What does our town look like when it is climate-neutral?"),
        _("What will it take? Levers and obstacles."),
        _("What will we tackle together? First joint projects."),
    ]
    blocks = [
        ("arrival", _("Arrival"), 20, _("Name cards, coffee, personal schedules")),
        ("welcome", _("Welcome and vision"), 15, _("Why we are here: presenting the compass")),
    ]
    for n in range(1, rounds + 1):
        notes = questions[n - 1] if n <= len(questions) else ""
        blocks.append(("round", _("Breakout round %(number)s") % {"number": n}, 30, notes))
    blocks += [
        ("plenary", _("Plenary: what we heard"), 20, ""),
        ("goal", _("Our shared goal"), 30, _("Formulate the goal and record it")),
        ("next", _("Next steps"), 15, _("Date of the first round table")),
    ]
    return blocks


@transaction.atomic
def workshop_create(*, team: Team, rounds: int = 4, **values) -> Workshop:
    workshop = Workshop.objects.create(team=team, **values)
    AgendaBlock.objects.bulk_create(
        AgendaBlock(
            workshop=workshop, order=n, kind=kind, title=title, minutes=minutes, notes=notes
        )
        for n, (kind, title, minutes, notes) in enumerate(_agenda_template(rounds), start=1)
    )
    return workshop


def workshop_update(*, workshop: Workshop, **values) -> Workshop:
    for name, value in values.items():
        setattr(workshop, name, value)
    workshop.save(update_fields=[*values, "updated_at"])
    return workshop


def workshop_delete(*, workshop: Workshop) -> None:
    # Participants (and with them their personal links), agenda and plan cascade.
    workshop.delete()


def results_save(*, workshop: Workshop, shared_goal: str, decisions: str, goal_adopted: bool):
    return workshop_update(
        workshop=workshop, shared_goal=shared_goal, decisions=decisions, goal_adopted=goal_adopted
    )


def agenda_block_add(*, workshop: Workshop, kind: str, title: str, minutes: int, notes: str = ""):
    last = workshop.agenda.order_by("-order").values_list("order", flat=True).first() or 0
    return AgendaBlock.objects.create(
        workshop=workshop, order=last + 1, kind=kind, title=title, minutes=minutes, notes=notes
    )


def agenda_block_update(*, block: AgendaBlock, **values) -> AgendaBlock:
    for name, value in values.items():
        setattr(block, name, value)
    block.save(update_fields=list(values))
    return block


@transaction.atomic
def agenda_block_move(*, block: AgendaBlock, direction: str) -> None:
    blocks = list(block.workshop.agenda.select_for_update().order_by("order", "pk"))
    i = next(n for n, b in enumerate(blocks) if b.pk == block.pk)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(blocks):
        blocks[i], blocks[j] = blocks[j], blocks[i]
    for n, b in enumerate(blocks, start=1):
        b.order = n
    AgendaBlock.objects.bulk_update(blocks, ["order"])


def agenda_block_delete(*, block: AgendaBlock) -> None:
    block.delete()


# --- Participants and invitations ------------------------------------------------------


def participants_add_actors(*, workshop: Workshop, actors) -> int:
    """Add actors of the team's map as participants; those already added are skipped."""
    existing = set(
        workshop.participants.filter(actor__isnull=False).values_list("actor", flat=True)
    )
    new = [
        Participant(
            workshop=workshop, actor=a, name=a.name, sector_id=a.sector_id, email=a.email or ""
        )
        for a in actors
        if a.team_id == workshop.team_id and a.pk not in existing
    ]
    Participant.objects.bulk_create(new)
    return len(new)


def participant_add_guest(*, workshop: Workshop, name: str, sector, email: str = "") -> Participant:
    if sector is not None and sector.team_id != workshop.team_id:
        raise WorkshopRuleError("foreign_sector")
    return Participant.objects.create(workshop=workshop, name=name, sector=sector, email=email)


def participant_update(*, participant: Participant, **values) -> Participant:
    for name, value in values.items():
        setattr(participant, name, value)
    participant.save(update_fields=list(values))
    return participant


@transaction.atomic
def participants_set_status(*, workshop: Workshop, participants, status: str) -> int:
    """Set one status for several participants of ``workshop`` at once: all or none."""
    ids = {p.pk for p in participants}
    rows = workshop.participants.select_for_update().filter(pk__in=ids)
    if rows.count() != len(ids):
        raise WorkshopRuleError("participants_foreign")
    return rows.update(status=status)


def participant_respond(*, participant: Participant, accept: bool) -> Participant:
    """The participant's own answer through the personal link."""
    participant.status = Participant.Status.ACCEPTED if accept else Participant.Status.DECLINED
    participant.responded_at = timezone.now()
    participant.save(update_fields=["status", "responded_at"])
    return participant


@transaction.atomic
def participant_erase(*, participant: Participant) -> None:
    """Delete a participant with their personal data; their seats leave the plan."""
    plan = BreakoutPlan.objects.select_for_update().filter(workshop=participant.workshop_id).first()
    pid = str(participant.pk)
    if plan is not None:
        plan.rounds = [[[p for p in group if p != pid] for group in rnd] for rnd in plan.rounds]
        plan.moves = [m for m in plan.moves if m.get("id") != pid]
        plan.save(update_fields=["rounds", "moves", "updated_at"])
        _refresh_metrics(plan)
    participant.delete()


def personal_url(participant: Participant) -> str:
    return absolute_url(reverse("workshop_personal", kwargs={"token": participant.token}))


def invitations_send(*, workshop: Workshop, language: str, sender: Sender, user=None) -> int:
    """Mail the personal link to every participant with an address who has not had one yet.

    Answers go to ``sender``, the member who sends the invitations; ``user`` (that member)
    is held to the caps on mail to outside addresses."""
    from klimapakete.workshops import invitees

    recipients = list(
        workshop.participants.taking_part().filter(invited_at__isnull=True).exclude(email="")
    )
    # Guests typed in freely get one confirmation mail first; their invitation waits.
    waiting = invitees.unconfirmed(team=workshop.team, emails=[p.email for p in recipients])
    asking = invitees.confirmations_to_send(team=workshop.team, emails=waiting)
    recipients = [p for p in recipients if p.email not in waiting]
    if user is not None:
        outsider_mail_allow(team=workshop.team, user=user, count=len(recipients) + len(asking))
    invitees.confirmations_request(
        team=workshop.team, emails=asking, sender=sender, language=language
    )
    with translation.override(language):
        reason = _(
            "You receive it because the team “%(team)s” invited you to the workshop “%(title)s”."
        ) % {"team": sender.team, "title": workshop.title}
        for participant in recipients:
            context = {
                "workshop": workshop,
                "participant": participant,
                "url": personal_url(participant),
                "sender": sender,
            }
            outsider_email_enqueue(
                team=workshop.team,
                sender=sender,
                to=participant.email,
                subject=_("Invitation: %(title)s") % {"title": workshop.title},
                body=render_to_string("workshops/email_invitation.txt", context),
                reason=reason,
            )
    Participant.objects.filter(pk__in=[p.pk for p in recipients]).update(invited_at=timezone.now())
    return len(recipients)


# --- Breakout plan ----------------------------------------------------------------------


def _solver_participant(p: Participant) -> rotation.Participant:
    return rotation.Participant(id=str(p.pk), sector=str(p.sector_id) if p.sector_id else None)


def _hosts(participants) -> tuple[str, ...]:
    return tuple(str(p.pk) for p in sorted(participants, key=lambda p: p.pk) if p.is_host)


def _sector_names(workshop: Workshop) -> dict[str, str]:
    return {str(s.pk): s.name for s in workshop.team.sectors.all()}


@dataclass
class PlanRuleError(ValueError):
    """The solver refused the input; ``code`` and ``params`` come from it (names filled in)."""

    code: str
    params: dict

    def __str__(self) -> str:
        return self.code


def _raise_from(error: rotation.RotationError, workshop: Workshop):
    params = dict(error.params)
    if "sector" in params:
        params["sector"] = _sector_names(workshop).get(params["sector"], params["sector"])
    raise PlanRuleError(error.code, params) from error


def plan_generate(
    *, workshop: Workshop, rounds: int, group_size: int, strict_sectors: bool = False, seed=None
) -> BreakoutPlan:
    """A new plan for everyone taking part; raises :class:`PlanRuleError` for unusable input."""
    people = list(workshop.participants.taking_part())
    seed = random.randrange(2**31) if seed is None else seed
    problem = rotation.RotationProblem(
        participants=tuple(_solver_participant(p) for p in people),
        rounds=rounds,
        group_size=group_size,
        hosts=_hosts(people),
        strict_sectors=strict_sectors,
    )
    try:
        # The number of tables that does best for this size (fewest repeats, then clashes).
        result = rotation.solve(
            problem, seed=seed, time_limit=_solver_seconds(), choose_groups=True
        )
    except rotation.RotationError as error:
        _raise_from(error, workshop)
    advice = rotation.advise(problem, result, seed=seed, time_limit=_advice_seconds())
    metrics = result.summary()
    metrics["advice"] = [item.as_dict() for item in advice]
    metrics["strict_sectors"] = strict_sectors
    plan, _created = BreakoutPlan.objects.update_or_create(
        workshop=workshop,
        defaults={
            "rounds": [[list(g) for g in rnd] for rnd in result.plan.rounds],
            "group_size": group_size,
            "held_rounds": 0,
            "metrics": metrics,
            "moves": [],
            "method": result.method,
            "seconds": result.seconds,
            "seed": seed,
        },
    )
    return plan


def _plan_problem(plan: BreakoutPlan, people: dict[str, Participant]) -> rotation.RotationProblem:
    """The problem behind a stored plan: everyone seated in it, absent if not taking part."""
    ids = [pid for rnd in plan.rounds for group in rnd for pid in group]
    seated = list(dict.fromkeys(i for i in ids if i in people))
    return rotation.RotationProblem(
        participants=tuple(_solver_participant(people[i]) for i in seated),
        rounds=len(plan.rounds),
        num_groups=max(1, len(plan.rounds[-1])) if plan.rounds else 1,
        absent=frozenset(i for i in seated if not people[i].taking_part),
    )


def _refresh_metrics(plan: BreakoutPlan) -> None:
    people = {str(p.pk): p for p in plan.workshop.participants.all()}
    if not any(g for rnd in plan.rounds for g in rnd):
        plan.metrics = {}
    else:
        problem = _plan_problem(plan, people)
        metrics = rotation.compute_metrics(problem, rotation.Plan.from_lists(plan.rounds))
        # The bounds, table counts and advice belong to the settings and stay.
        plan.metrics = {
            **plan.metrics,
            **metrics.as_dict(),
            "moved_people": plan.metrics.get("moved_people", 0),
        }
    plan.save(update_fields=["metrics", "updated_at"])


@transaction.atomic
def plan_swap(*, plan: BreakoutPlan, round_number: int, first: Participant, second: Participant):
    """Swap the tables of two people in one round (numbered from 1) and re-score the plan."""
    plan = BreakoutPlan.objects.select_for_update().get(pk=plan.pk)
    t = round_number - 1
    if not 0 <= t < len(plan.rounds):
        raise WorkshopRuleError("no_such_round")
    if t < plan.held_rounds:
        raise WorkshopRuleError("round_held")
    a, b = str(first.pk), str(second.pk)
    tables = plan.rounds[t]
    ga = next((g for g, group in enumerate(tables) if a in group), None)
    gb = next((g for g, group in enumerate(tables) if b in group), None)
    if ga is None or gb is None:
        raise WorkshopRuleError("not_seated")
    if ga == gb:
        raise WorkshopRuleError("same_table")
    tables[ga][tables[ga].index(a)] = b
    tables[gb][tables[gb].index(b)] = a
    plan.save(update_fields=["rounds", "updated_at"])
    _refresh_metrics(plan)
    return plan


@transaction.atomic
def plan_replan(*, plan: BreakoutPlan, held_rounds: int, seed=None) -> BreakoutPlan:
    """Re-plan the rounds after ``held_rounds`` for who is taking part now, with few moves."""
    plan = BreakoutPlan.objects.select_for_update().select_related("workshop").get(pk=plan.pk)
    workshop = plan.workshop
    everyone = list(workshop.participants.all())
    people = {str(p.pk): p for p in everyone}
    problem = _plan_problem(plan, people)
    seated = {p.id for p in problem.participants}
    cancelled = [p.id for p in problem.participants if not people[p.id].taking_part]
    arrived = [
        _solver_participant(p) for p in everyone if p.taking_part and str(p.pk) not in seated
    ]
    hosts = _hosts(p for p in everyone if p.taking_part and str(p.pk) in seated)
    problem = rotation.RotationProblem(
        participants=problem.participants,
        rounds=problem.rounds,
        num_groups=problem.num_groups,
        hosts=hosts,
        strict_sectors=bool(plan.metrics.get("strict_sectors")),
    )
    previous = rotation.Plan.from_lists(plan.rounds)
    seed = random.randrange(2**31) if seed is None else seed
    try:
        result = rotation.replan(
            problem,
            previous,
            held_rounds=held_rounds,
            cancelled=cancelled,
            arrived=arrived,
            seed=seed,
            time_limit=_solver_seconds(),
        )
    except rotation.RotationError as error:
        _raise_from(error, workshop)
    moves = []
    for t in range(held_rounds, len(result.plan.rounds)):
        before = {pid: g for g, group in enumerate(previous.rounds[t]) for pid in group}
        for g, group in enumerate(result.plan.rounds[t]):
            for pid in group:
                if pid in before and before[pid] != g:
                    moves.append({"id": pid, "round": t + 1, "from": before[pid] + 1, "to": g + 1})
                elif pid not in before:
                    moves.append({"id": pid, "round": t + 1, "from": None, "to": g + 1})
    plan.rounds = [[list(g) for g in rnd] for rnd in result.plan.rounds]
    plan.held_rounds = held_rounds
    plan.metrics = {**result.summary(), "strict_sectors": plan.metrics.get("strict_sectors", False)}
    plan.moves = moves
    plan.method = result.method
    plan.seconds = result.seconds
    plan.seed = seed
    plan.save()
    return plan


# --- Round tables -----------------------------------------------------------------------


def round_table_create(*, team: Team, **values) -> RoundTable:
    return RoundTable.objects.create(team=team, **values)


def round_table_update(*, round_table: RoundTable, **values) -> RoundTable:
    for name, value in values.items():
        setattr(round_table, name, value)
    round_table.save(update_fields=list(values))
    return round_table


def series_rule(round_table: RoundTable):
    return recurrence.series_rule(
        frequency=round_table.frequency,
        interval=round_table.interval,
        first=round_table.first_date,
    )


def occurrences(round_table: RoundTable, *, start: date, count: int) -> list[date]:
    """The next ``count`` dates of the series' rule on or after ``start``."""
    return recurrence.occurrences(series_rule(round_table), start=start, count=count)


def _at(day: date, when) -> datetime:
    return timezone.make_aware(datetime.combine(day, when))


def meeting_create(*, round_table: RoundTable, starts_at: datetime | None = None, place: str = ""):
    """A meeting at ``starts_at``, or at the next date of the rule after the last meeting."""
    if starts_at is None:
        last = round_table.meetings.order_by("-starts_at").first()
        start = (
            timezone.localtime(last.starts_at).date() + timedelta(days=1)
            if last
            else max(round_table.first_date, timezone.localdate())
        )
        starts_at = _at(occurrences(round_table, start=start, count=1)[0], round_table.start_time)
    return Meeting.objects.create(round_table=round_table, starts_at=starts_at, place=place)


def meeting_update(*, meeting: Meeting, **values) -> Meeting:
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*values, "updated_at"])
    return meeting


def meeting_delete(*, meeting: Meeting) -> None:
    meeting.delete()


def action_item_create(
    *, meeting: Meeting, title: str, owner=None, due=None, public: bool = False
) -> ActionItem:
    team = meeting.round_table.team
    if owner is not None and not team.memberships.filter(user=owner).exists():
        raise WorkshopRuleError("owner_not_member")
    return ActionItem.objects.create(
        round_table=meeting.round_table,
        meeting=meeting,
        title=title,
        owner=owner,
        due=due,
        public=public,
    )


def action_item_update(*, item: ActionItem, **values) -> ActionItem:
    owner = values.get("owner")
    if owner is not None and not item.round_table.team.memberships.filter(user=owner).exists():
        raise WorkshopRuleError("owner_not_member")
    if "status" in values:
        done = values["status"] == ActionItem.Status.DONE
        if done and item.done_at is None:
            values["done_at"] = timezone.now()
        elif not done:
            values["done_at"] = None
    for name, value in values.items():
        setattr(item, name, value)
    item.save(update_fields=list(values))
    return item


def meeting_invite(
    *, meeting: Meeting, recipients: list[str], language: str, feed_url: str, sender: Sender
) -> int:
    """Invite people (often actors outside the team) to a meeting; answers go to ``sender``.

    Returns how many mails were queued (addresses that opted out get none)."""
    round_table = meeting.round_table
    sent = 0
    with translation.override(language):
        context = {
            "meeting": meeting,
            "round_table": round_table,
            "feed_url": feed_url,
            "sender": sender,
        }
        reason = _(
            "You receive it because the team “%(team)s” invited you to the round table “%(title)s”."
        ) % {"team": sender.team, "title": round_table.title}
        for address in recipients:
            sent += outsider_email_enqueue(
                team=round_table.team,
                sender=sender,
                to=address,
                subject=_("Invitation: %(title)s") % {"title": round_table.title},
                body=render_to_string("workshops/email_meeting.txt", context),
                reason=reason,
            )
    return sent


def calendar_feed_create(*, team: Team, language: str = "de") -> CalendarFeed:
    """A new team's calendar feed address (a team hook; existing teams got theirs from
    migration 0003), so that no page creates it on a GET."""
    return CalendarFeed.objects.get_or_create(team=team)[0]


def calendar_feed_for(team: Team) -> CalendarFeed:
    """The team's calendar feed (a read: it comes with the team)."""
    return CalendarFeed.objects.get(team=team)


def calendar_feed_reset(*, team: Team) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(team=team).delete()
    return CalendarFeed.objects.create(team=team)
