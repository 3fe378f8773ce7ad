"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations

from datetime import date


def _workshop(ctx):
    from klimapakete.workshops.services import workshop_create

    team = ctx["team"]
    return team.workshops.first() or workshop_create(
        team=team, title="Walk Workshop", date=date(2026, 5, 8)
    )


def _participant(ctx):
    from klimapakete.workshops.models import Participant

    workshop = _workshop(ctx)
    return workshop.participants.first() or Participant.objects.create(
        workshop=workshop, name="Walk Person"
    )


def _block(ctx):
    return _workshop(ctx).agenda.first()


def _round_table(ctx):
    from klimapakete.workshops.models import RoundTable

    team = ctx["team"]
    return team.round_tables.first() or RoundTable.objects.create(
        team=team, title="Walk Stammtisch", first_date=date(2026, 6, 2)
    )


def _meeting(ctx):
    from klimapakete.workshops.services import meeting_create

    table = _round_table(ctx)
    return table.meetings.first() or meeting_create(round_table=table)


def _action(ctx):
    from klimapakete.workshops.models import ActionItem

    meeting = _meeting(ctx)
    return meeting.action_items.first() or ActionItem.objects.create(
        round_table=meeting.round_table, meeting=meeting, title="Walk task"
    )


KWARG_FIXTURES = {
    "workshop_id": lambda ctx: _workshop(ctx).pk,
    "participant_id": lambda ctx: _participant(ctx).pk,
    "block_id": lambda ctx: _block(ctx).pk,
    "roundtable_id": lambda ctx: _round_table(ctx).pk,
    "meeting_id": lambda ctx: _meeting(ctx).pk,
    "action_id": lambda ctx: _action(ctx).pk,
}
