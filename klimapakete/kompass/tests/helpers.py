"""Team data for Kompass tests: organisations with and without consent, milestones."""

from __future__ import annotations

from datetime import date

from klimapakete.actors.models import Actor, Sector
from klimapakete.workshops.models import ActionItem, RoundTable
from klimapakete.workshops.services import meeting_create, workshop_create


def sector(team, name="Wirtschaft und Industrie", order=1) -> Sector:
    # A new team has the default sectors already (teams.hooks).
    return Sector.objects.update_or_create(team=team, name=name, defaults={"order": order})[0]


def organisation(team, name, *, consent: bool, sector_=None, kind=Actor.Kind.ORGANISATION):
    return Actor.objects.create(
        team=team,
        kind=kind,
        name=name,
        sector=sector_,
        public_consent=consent,
        public_consent_on=date(2026, 3, 1) if consent else None,
    )


def milestone(team, title, *, public: bool, status=ActionItem.Status.PLANNED, due=None):
    table = team.round_tables.first() or RoundTable.objects.create(
        team=team, title="Runder Tisch", first_date=date(2026, 6, 2)
    )
    meeting = table.meetings.first() or meeting_create(round_table=table)
    return ActionItem.objects.create(
        round_table=table, meeting=meeting, title=title, public=public, status=status, due=due
    )


def adopted_goal(team, goal="Teststadt wird bis 2040 klimaneutral.", decisions="- Klimabeirat"):
    workshop = workshop_create(team=team, title="Kick-off", date=date(2026, 5, 8))
    workshop.shared_goal, workshop.decisions, workshop.goal_adopted = goal, decisions, True
    workshop.save()
    return workshop


def public_on(team, *, indexing=False):
    from klimapakete.kompass.services import kompass_ensure, public_page_set

    return public_page_set(kompass=kompass_ensure(team=team), public=True, indexing=indexing)
