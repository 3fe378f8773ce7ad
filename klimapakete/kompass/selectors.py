"""Reads for the Kompass: the team's data as plain values, the composed content."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import F, Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import ngettext, override

from klimapakete.actors.models import Actor
from klimapakete.core.links import absolute_url
from klimapakete.core.sorting import by_name
from klimapakete.kompass import blocks
from klimapakete.kompass.content import (
    UNLIMITED,
    Limits,
    Milestone,
    SectorData,
    TeamData,
    compose,
)
from klimapakete.kompass.models import Kompass
from klimapakete.workshops.models import ActionItem, RoundTable, Workshop

if TYPE_CHECKING:
    from klimapakete.teams.models import Team

# The most public milestones a Kompass reads (it shows a handful and counts the rest).
MILESTONES_READ = 500


def kompass_of(team: Team) -> Kompass:
    """The team's Kompass, or an unsaved one that takes everything from the team's data."""
    try:
        return Kompass.objects.get(team=team)
    except Kompass.DoesNotExist:
        return Kompass(team=team)


def public_kompass(slug: str) -> Kompass | None:
    """The Kompass whose public page is on at ``slug``."""
    return Kompass.objects.select_related("team").filter(public=True, public_slug=slug).first()


def public_url(kompass: Kompass) -> str:
    if not (kompass.public and kompass.public_slug):
        return ""
    return absolute_url(reverse("kompass_public:page", args=[kompass.public_slug]))


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def rhythm_line(table: RoundTable) -> str:
    """The series in words: "Stammtisch: every 2 months on the second Tuesday at 18:30"."""
    values = {
        "title": table.title,
        "weekday": WEEKDAYS[table.first_date.weekday()],
        "time": table.start_time.strftime("%H:%M"),
        "n": table.interval,
        "nth": blocks.WEEK_OF_MONTH[min((table.first_date.day - 1) // 7, 4)],
    }
    if table.frequency == RoundTable.Frequency.WEEKLY:
        return (
            ngettext(
                "%(title)s: every %(weekday)s at %(time)s",
                "%(title)s: every %(n)s weeks on %(weekday)s at %(time)s",
                table.interval,
            )
            % values
        )
    return (
        ngettext(
            "%(title)s: on the %(nth)s %(weekday)s of every month at %(time)s",
            "%(title)s: every %(n)s months on the %(nth)s %(weekday)s at %(time)s",
            table.interval,
        )
        % values
    )


def neutrality_target_year(team: Team) -> int | None:
    """The target year of the team's definition of climate neutrality, when the
    neutrality tool is installed and offers ``selectors.target_year(team)``."""
    if not apps.is_installed("klimapakete.neutrality"):
        return None
    from klimapakete.neutrality import selectors as neutrality

    reader = getattr(neutrality, "target_year", None)
    return reader(team) if reader else None


def _workshops(team: Team) -> tuple[Workshop | None, Workshop | None]:
    """The workshop whose goal the alliance adopted (else the latest with a goal), and the
    kick-off: that one, else the next workshop, else the latest."""
    today = timezone.localdate()
    workshops = list(Workshop.objects.filter(team=team).order_by("-date", "-pk")[:50])
    with_goal = [w for w in workshops if w.shared_goal.strip()]
    goal = next((w for w in with_goal if w.goal_adopted), None) or next(iter(with_goal), None)
    upcoming = [w for w in workshops if w.date >= today]
    kickoff = goal or (upcoming[-1] if upcoming else next(iter(workshops), None))
    return goal, kickoff


def team_data(team: Team, kompass: Kompass) -> TeamData:
    """What the team already has, as plain values (a fixed number of queries)."""
    organisations = Actor.objects.filter(
        kind=Actor.Kind.ORGANISATION, public_consent=True
    ).order_by(by_name())
    sectors = team.sectors.order_by("order", "name").prefetch_related(
        Prefetch("actors", queryset=organisations.only("name", "sector_id"), to_attr="public")
    )
    goal, kickoff = _workshops(team)
    milestones = list(
        ActionItem.objects.filter(round_table__team=team, public=True)
        .exclude(status=ActionItem.Status.DONE)
        .order_by(F("due").asc(nulls_last=True), "pk")
        .only("title", "due")[:MILESTONES_READ]
    )
    before_kickoff = sum(1 for m in milestones if m.due and m.due < kickoff.date) if kickoff else 0
    return TeamData(
        team_name=team.name,
        municipality=team.municipality,
        target_year=neutrality_target_year(team),
        goal=goal.shared_goal if goal else "",
        decisions=goal.decisions if goal else "",
        kickoff=_date(kickoff.date) if kickoff else "",
        kickoff_past=bool(kickoff and kickoff.date < timezone.localdate()),
        kickoff_index=before_kickoff,
        rhythms=tuple(rhythm_line(t) for t in team.round_tables.order_by("first_date", "pk")),
        sectors=tuple(
            SectorData(
                id=s.pk, name=s.name, colour=s.colour, organisations=tuple(a.name for a in s.public)
            )
            for s in sectors
        ),
        milestones=tuple(
            Milestone(title=m.title, due=_date(m.due) if m.due else "") for m in milestones
        ),
        public_url=public_url(kompass),
    )


def texts_of(kompass: Kompass) -> dict[str, str]:
    """The team's own texts by field (empty: from the data)."""
    from klimapakete.kompass.content import TEXT_FIELDS

    texts = {name: getattr(kompass, name) for name in TEXT_FIELDS if name != "target_year"}
    texts["target_year"] = str(kompass.target_year) if kompass.target_year else ""
    return texts


def kompass_content(
    kompass: Kompass,
    data: TeamData,
    *,
    limits: Limits = UNLIMITED,
    texts: dict | None = None,
    asks: dict | None = None,
) -> dict:
    """The composed Kompass in its own language (``texts``/``asks`` override the saved
    ones, for the live preview)."""
    with override(kompass.language):
        return compose(
            data,
            blocks.words(),
            texts={**texts_of(kompass), **(texts or {})},
            asks={**kompass.asks, **(asks or {})},
            layout=kompass.layout,
            limits=limits,
        )


def defaults_of(kompass: Kompass, data: TeamData) -> dict[str, str]:
    """The text of every field as the team's data would have it."""
    from klimapakete.kompass.content import defaults

    with override(kompass.language):
        return defaults(data, blocks.words(), texts_of(kompass))


def kompass_export(team: Team) -> dict[str, list[dict]]:
    kompass = Kompass.objects.filter(team=team).first()
    if kompass is None:
        return {}
    row = {name: value for name, value in texts_of(kompass).items()}
    row.update(
        asks=kompass.asks,
        layout=kompass.blocks,
        design=kompass.design,
        colour=kompass.colour,
        language=kompass.language,
        public=kompass.public,
        public_slug=kompass.public_slug or "",
        public_indexing=kompass.public_indexing,
        has_logo=kompass.has_logo,
        logo=KOMPASS_LOGO_PATH if kompass.has_logo else "",
    )
    versions = [
        {
            "id": v.pk,
            "created_at": v.created_at,
            "design": v.design,
            "format": v.format,
            "document": v.document,
        }
        for v in kompass.exports.all()
    ]
    return {"kompass": [row], "kompass_versions": versions}


KOMPASS_LOGO_PATH = "files/kompass/logo.png"  # stored re-encoded as PNG


def team_export_files(team):
    """The Kompass logo the team uploaded (kept in the database)."""
    logo = Kompass.objects.filter(team=team).values_list("logo", flat=True).first()
    if logo:
        yield KOMPASS_LOGO_PATH, logo
