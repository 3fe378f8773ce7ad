"""Objects of the persona team for the tenant-isolation walk (see teams/tests)."""

from __future__ import annotations

from datetime import date


def _actor(ctx):
    from klimapakete.actors.models import Actor

    team = ctx["team"]
    return team.actors.first() or Actor.objects.create(team=team, name="Walk Actor")


def _other(ctx):
    from klimapakete.actors.models import Actor

    first = _actor(ctx)
    return ctx["team"].actors.exclude(pk=first.pk).first() or Actor.objects.create(
        team=ctx["team"], name="Walk Other"
    )


def _sector(ctx):
    from klimapakete.actors.models import Sector

    return Sector.objects.get_or_create(team=ctx["team"], name="Walk Sector")[0]


def _relationship(ctx):
    from klimapakete.actors.models import Relationship

    return Relationship.objects.get_or_create(
        team=ctx["team"], source=_actor(ctx), target=_other(ctx), kind="knows"
    )[0]


def _conversation(ctx):
    from klimapakete.actors.models import Conversation

    return Conversation.objects.create(
        team=ctx["team"], actor=_actor(ctx), date=date(2026, 1, 1), next_step="Call back"
    )


KWARG_FIXTURES = {
    "actor_id": lambda ctx: _actor(ctx).pk,
    "sector_id": lambda ctx: _sector(ctx).pk,
    "relationship_id": lambda ctx: _relationship(ctx).pk,
    "conversation_id": lambda ctx: _conversation(ctx).pk,
}


def _unit(ctx):
    from klimapakete.actors.models import AdminUnit

    return AdminUnit.objects.get_or_create(
        team=ctx["team"], name="Walk Unit", defaults={"kind": "department"}
    )[0]


def _approach_step(ctx):
    from klimapakete.actors.models import ApproachStep

    return ApproachStep.objects.get_or_create(
        team=ctx["team"], actor=_actor(ctx), defaults={"reason_code": "admin_ally"}
    )[0]


KWARG_FIXTURES["unit_id"] = lambda ctx: _unit(ctx).pk
KWARG_FIXTURES["step_id"] = lambda ctx: _approach_step(ctx).pk
