"""What the workshop and round-table tools prove for package A's checklist (see
``packages.evidence``). Each finder runs one query."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from klimapakete.packages.evidence import Evidence, register
from klimapakete.workshops.models import AgendaBlock, Meeting, Participant, Workshop


def _workshop_url(name: str, workshop: Workshop) -> str:
    return reverse(name, kwargs={"team_slug": workshop.team.slug, "workshop_id": workshop.pk})


@register("allianz", "kickoff", "date-venue")
def workshop_planned(team) -> Evidence | None:
    workshop = team.workshops.exclude(place="").select_related("team").first()
    if workshop is None:
        return None
    return Evidence(
        _("“%(title)s” is planned with a date and a place.") % {"title": workshop.title},
        _workshop_url("workshops:detail", workshop),
    )


@register("allianz", "kickoff", "invite-actors")
def actors_invited(team) -> Evidence | None:
    person = (
        Participant.objects.filter(workshop__team=team, invited_at__isnull=False)
        .select_related("workshop__team")
        .first()
    )
    if person is None:
        return None
    return Evidence(
        _("Invitations for “%(title)s” have been sent.") % {"title": person.workshop.title},
        _workshop_url("workshops:participants", person.workshop),
    )


@register("allianz", "kickoff", "agenda")
def agenda_set(team) -> Evidence | None:
    block = (
        AgendaBlock.objects.filter(workshop__team=team, kind=AgendaBlock.Kind.ROUND)
        .select_related("workshop__team")
        .first()
    )
    if block is None:
        return None
    return Evidence(
        _("The agenda of “%(title)s” has its rounds.") % {"title": block.workshop.title},
        _workshop_url("workshops:agenda", block.workshop),
    )


@register("allianz", "kickoff", "groups-material")
def plan_generated(team) -> Evidence | None:
    workshop = team.workshops.filter(plan__isnull=False).select_related("team").first()
    if workshop is None:
        return None
    return Evidence(
        _("The table plan of “%(title)s” has been generated.") % {"title": workshop.title},
        _workshop_url("workshops:plan", workshop),
    )


@register("allianz", "kickoff", "goal-minutes")
def goal_recorded(team) -> Evidence | None:
    workshop = team.workshops.exclude(shared_goal="").select_related("team").first()
    if workshop is None:
        return None
    return Evidence(
        _("The shared goal of “%(title)s” has been recorded.") % {"title": workshop.title},
        _workshop_url("workshops:results", workshop),
    )


@register("allianz", "roundtable", "agree-rhythm")
def rhythm_agreed(team) -> Evidence | None:
    table = team.round_tables.first()
    if table is None:
        return None
    return Evidence(
        _("The round table “%(title)s” has a rhythm.") % {"title": table.title},
        reverse("workshops:roundtable", kwargs={"team_slug": team.slug, "roundtable_id": table.pk}),
    )


@register("allianz", "roundtable", "first-meeting")
def first_meeting_held(team) -> Evidence | None:
    meeting = (
        Meeting.objects.filter(round_table__team=team, starts_at__lte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    if meeting is None:
        return None
    return Evidence(
        _("The first meeting took place on %(date)s.")
        % {"date": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATE_FORMAT")},
        reverse("workshops:meeting", kwargs={"team_slug": team.slug, "meeting_id": meeting.pk}),
    )


@register("allianz", "roundtable", "send-minutes")
def minutes_written(team) -> Evidence | None:
    meeting = Meeting.objects.filter(round_table__team=team).exclude(minutes="").first()
    if meeting is None:
        return None
    return Evidence(
        _("Minutes have been written."),
        reverse("workshops:meeting", kwargs={"team_slug": team.slug, "meeting_id": meeting.pk}),
    )
