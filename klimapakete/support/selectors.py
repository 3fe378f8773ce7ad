"""Reads of the support organisation's work. Every function runs a fixed number of queries."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Max, Min, Q, Sum
from django.utils import timezone

from klimapakete.support import voting
from klimapakete.support.models import (
    AdviceAttachment,
    AdviceMessage,
    AdviceRequest,
    Allocation,
    Ballot,
    Need,
    PartnerEvent,
    Registration,
    Round,
)

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


@dataclass(frozen=True)
class NeedResult:
    need: Need
    dots: int
    rank: int
    share: float  # of the most dots, for the bar


@dataclass(frozen=True)
class RoundResults:
    round: Round
    rows: list[NeedResult]
    ballots: int
    teams: int
    offline_dots: int


def rounds_for_teams(now=None):
    """Rounds that teams see: opened already."""
    now = now or timezone.now()
    return Round.objects.filter(opens_at__lte=now).annotate(need_count=Count("needs"))


def round_needs(round_: Round) -> list[Need]:
    return list(
        round_.needs.select_related("step__package", "forum_category", "event", "proposed_by")
    )


def round_results(round_: Round, now=None) -> RoundResults | None:
    """The ranking — only once the round has closed, for everybody."""
    if not round_.is_closed(now):
        return None
    needs = round_needs(round_)
    counted = dict(
        Allocation.objects.filter(need__round=round_)
        .values_list("need_id")
        .annotate(n=Sum("dots"))
        .values_list("need_id", "n")
    )
    totals = {need.pk: counted.get(need.pk, 0) + need.offline_dots for need in needs}
    ranked = voting.rank(totals, [need.pk for need in needs])
    top = max(totals.values(), default=0) or 1
    by_id = {need.pk: need for need in needs}
    participation = Ballot.objects.filter(round=round_, dots_used__gt=0).aggregate(
        ballots=Count("pk"), teams=Count("team", distinct=True)
    )
    return RoundResults(
        round=round_,
        rows=[NeedResult(by_id[r.need_id], r.dots, r.rank, r.dots / top) for r in ranked],
        ballots=participation["ballots"],
        teams=participation["teams"],
        offline_dots=sum(need.offline_dots for need in needs),
    )


def round_participation(round_: Round) -> dict:
    """How many voted so far (never how): for staff while a round is open."""
    return Ballot.objects.filter(round=round_, dots_used__gt=0).aggregate(
        ballots=Count("pk"), teams=Count("team", distinct=True)
    )


def ballot_allocations(ballot: Ballot | None) -> dict[int, int]:
    if ballot is None:
        return {}
    return dict(ballot.allocations.values_list("need_id", "dots"))


def latest_closed_round(now=None) -> Round | None:
    now = now or timezone.now()
    return Round.objects.filter(closes_at__lte=now).order_by("-closes_at", "-pk").first()


def team_voted(round_ids, team: Team) -> set[int]:
    return set(
        Ballot.objects.filter(round_id__in=round_ids, team=team)
        .filter(Q(dots_used__gt=0))
        .values_list("round_id", flat=True)
    )


@dataclass(frozen=True)
class StuckStep:
    step: object
    teams: int | None  # None: fewer than the minimum, not shown


def stuck_for_long(now=None) -> dict:
    """Per step, how many teams have been at it (their current step of an adopted package)
    without ticking anything for more than ``SUPPORT_STUCK_DAYS`` days: since the last tick
    in the step, else the last tick before it in the package, else the adoption. Counts
    only, no team; counts below ``SUPPORT_STUCK_MIN_TEAMS`` are shown as "fewer than n".
    Four queries."""
    from django.conf import settings

    from klimapakete.packages.models import Adoption, ItemProgress, Step
    from klimapakete.packages.selectors import active_items

    now = now or timezone.now()
    days, minimum = settings.SUPPORT_STUCK_DAYS, settings.SUPPORT_STUCK_MIN_TEAMS
    steps = list(
        Step.objects.filter(archived=False, package__archived=False).select_related("package")
    )
    totals = dict(
        active_items().values_list("step_id").annotate(n=Count("id")).values_list("step_id", "n")
    )
    done: dict[tuple[int, int], tuple[int, datetime]] = {}
    for team_id, step_id, n, last in (
        ItemProgress.objects.filter(done_at__isnull=False, item__in=active_items())
        .values_list("team_id", "item__step_id")
        .annotate(n=Count("id"), last=Max("done_at"))
    ):
        done[(team_id, step_id)] = (n, last)
    by_package: dict[int, list] = {}
    for step in steps:
        by_package.setdefault(step.package_id, []).append(step)
    stuck: Counter = Counter()
    adoptions = Adoption.objects.filter(package__archived=False).values_list(
        "team_id", "package_id", "adopted_at"
    )
    for team_id, package_id, adopted_at in adoptions:
        since = adopted_at
        for step in by_package.get(package_id, []):
            count, last = done.get((team_id, step.pk), (0, None))
            if last is not None:
                since = max(since, last)
            if count < totals.get(step.pk, 0):
                if now - since > timedelta(days=days):
                    stuck[step.pk] += 1
                break
    step_by_id = {step.pk: step for step in steps}
    rows = [
        StuckStep(step_by_id[pk], n if n >= minimum else None)
        for pk, n in sorted(stuck.items(), key=lambda kv: (-kv[1], step_by_id[kv[0]].number))
    ]
    return {"rows": rows, "days": days, "minimum": minimum}


def staff_dashboard(now=None) -> dict:
    """What the support dashboard shows beyond the progress table: aggregates only."""
    latest = latest_closed_round(now)
    return {
        "stuck": stuck_for_long(now),
        "latest_round": latest,
        "latest_results": round_results(latest, now) if latest else None,
        "figures": service_figures(now),
        "upcoming_events": upcoming_events(now),
    }


def dashboard_panel(request) -> dict | None:
    """The team dashboard's support panel: rounds open for voting, partner workshops that
    fit where the team stands."""
    now = timezone.now()
    open_rounds = list(Round.objects.filter(opens_at__lte=now, closes_at__gt=now)[:3])
    events = events_for_team(request.team, request.user, now)[:3]
    return {
        "template": "support/team/dashboard_panel.html",
        "context": {"open_rounds": open_rounds, "events": events},
    }


# Advisory requests


@dataclass(frozen=True)
class ServiceFigures:
    open: int
    median_first_answer: timedelta | None
    oldest_waiting: datetime | None


def advice_requests():
    return AdviceRequest.objects.select_related("team", "step__package", "assignee").annotate(
        message_count=Count("messages")
    )


def advice_thread(request: AdviceRequest) -> list[AdviceMessage]:
    return list(request.messages.select_related("author"))


def share_text(request: AdviceRequest) -> str:
    """A consented, closed exchange as text for other teams: the question, what was tried,
    the thread and the summaries — marked only as team or support organisation, without
    the team's name or any person's (staff check and edit it before it is posted)."""
    from django.utils.translation import gettext as _

    parts = [f"{_('Question')}:\n{request.question}"]
    if request.tried:
        parts.append(f"{_('What has been tried')}:\n{request.tried}")
    for message in request.messages.all():
        side = _("Support organisation") if message.from_staff else _("The team")
        parts.append(f"{side}:\n{message.text}")
    summaries = [
        f"{side}: {text}"
        for side, text in (
            (_("The team"), request.team_summary),
            (_("Support organisation"), request.staff_summary),
        )
        if text
    ]
    if summaries:
        parts.append(f"{_('Summary')}:\n" + "\n".join(summaries))
    return "\n\n".join(parts)


def service_figures(now=None, days: int = 90) -> ServiceFigures:
    """Open requests, the median time to a first answer (requests of the last ``days``)
    and since when the oldest request has waited for the support organisation."""
    now = now or timezone.now()
    waiting_states = [AdviceRequest.State.NEW, AdviceRequest.State.ASSIGNED]
    counts = AdviceRequest.objects.aggregate(
        open=Count("pk", filter=~Q(state=AdviceRequest.State.DONE)),
        oldest=Min("created_at", filter=Q(state__in=waiting_states)),
    )
    answered = AdviceRequest.objects.filter(
        first_answer_at__isnull=False, created_at__gte=now - timedelta(days=days)
    ).values_list("created_at", "first_answer_at")
    spans = [answer - asked for asked, answer in answered]
    return ServiceFigures(
        open=counts["open"],
        median_first_answer=statistics.median_low(spans) if spans else None,
        oldest_waiting=counts["oldest"],
    )


def step_panel(request, step) -> dict | None:
    """On a step page: ask the support organisation about this step (no query)."""
    return {"template": "support/team/step_panel.html", "context": {"step": step}}


# Partner workshops


def with_fill(events):
    registered = Registration.Status.REGISTERED
    return events.select_related("organisation", "step__package").annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=registered)),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    )


def team_current_steps(team: Team) -> set[int]:
    from klimapakete.packages.selectors import team_package_progress

    return {
        progress.current_step.pk
        for progress in team_package_progress(team, adopted_only=True)
        if progress.current_step is not None
    }


def events_for_team(team: Team, user, now=None) -> list[PartnerEvent]:
    """Upcoming workshops meant for this team, and any the person registered for."""
    from klimapakete.support.services import event_fits

    now = now or timezone.now()
    steps = team_current_steps(team)
    mine = set(
        Registration.objects.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("event_id", flat=True)
    )
    events = with_fill(PartnerEvent.objects.filter(ends_at__gt=now))
    return [e for e in events if e.pk in mine or event_fits(e, team, steps)]


def past_events_of(user, now=None):
    now = now or timezone.now()
    return with_fill(
        PartnerEvent.objects.filter(
            ends_at__lte=now,
            registrations__user=user,
            registrations__status=Registration.Status.REGISTERED,
        )
    )


def feedback_summary(event: PartnerEvent) -> dict:
    return event.registrations.filter(rating__isnull=False).aggregate(
        average=Avg("rating"), count=Count("pk")
    )


def upcoming_events(now=None, limit: int = 5):
    now = now or timezone.now()
    return list(with_fill(PartnerEvent.objects.filter(starts_at__gt=now))[:limit])


# Exports


def team_export(team: Team) -> dict[str, list[dict]]:
    """The team's part of the support organisation's work, for the team export."""
    requests = list(
        AdviceRequest.objects.filter(team=team)
        .select_related("step")
        .prefetch_related("messages", "attachments")
    )
    return {
        "support_advice_requests": [
            {
                "topic": r.topic or (f"{r.step.number} {r.step.title_de}" if r.step else ""),
                "question": r.question,
                "tried": r.tried,
                "urgency": r.urgency,
                "contact": r.contact,
                "state": r.state,
                "created_at": r.created_at,
                "closed_at": r.closed_at,
                "team_summary": r.team_summary,
                "staff_summary": r.staff_summary,
                "share_consent": r.share_consent,
            }
            for r in requests
        ],
        "support_advice_messages": [
            {
                "request_created_at": r.created_at,
                "from_support_organisation": m.from_staff,
                "text": m.text,
                "created_at": m.created_at,
            }
            for r in requests
            for m in r.messages.all()
        ],
        "support_advice_attachments": [
            {
                "request_created_at": r.created_at,
                "name": a.original_name,
                "from_support_organisation": a.from_staff,
                "created_at": a.created_at,
                "file": advice_attachment_path(a),
            }
            for r in requests
            for a in r.attachments.all()
        ],
        "support_dots": [
            {"round": a.ballot.round.title, "need": a.need.title, "dots": a.dots}
            for a in Allocation.objects.filter(ballot__team=team).select_related(
                "ballot__round", "need"
            )
        ],
    }


def advice_attachment_path(attachment) -> str:
    """Where the export archive holds the file; the table names the same path."""
    return f"files/support/{attachment.request_id}/{attachment.pk}-{attachment.original_name}"


def team_export_files(team):
    """The files in the team's requests (its own and the support organisation's)."""
    for attachment in AdviceAttachment.objects.filter(request__team=team).order_by("pk"):
        yield advice_attachment_path(attachment), attachment.file


def personal_export(user) -> dict[str, list[dict]]:
    """A person's own registrations for partner workshops."""
    return {
        "partner_workshop_registrations": [
            {
                "workshop": r.event.title,
                "organisation": r.event.organisation.name,
                "starts_at": r.event.starts_at,
                "team": r.team.name,
                "status": r.status,
                "attended": r.attended,
                "rating": r.rating,
                "feedback": r.feedback,
            }
            for r in Registration.objects.filter(user=user).select_related(
                "event__organisation", "team"
            )
        ]
    }
