"""Writes of the power analysis: the team's manual recruitment order and the ladder move."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from klimapakete.actors.analysis.mapdata import map_changed
from klimapakete.actors.analysis.selectors import recruitment_for
from klimapakete.actors.directory import services
from klimapakete.actors.models import Actor, Ladder
from klimapakete.core import analysis_cache
from klimapakete.errors import DomainError

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


class RecruitmentMoveError(DomainError):
    """The actor cannot take the requested place in the recruitment order."""


@transaction.atomic
def recruit_rank_move(*, team: Team, actor_id: int, action: str, rank: int | None = None) -> int:
    """Move an actor in the recruitment order; returns the requested rank.

    ``action`` is ``up``, ``down``, ``set`` (to ``rank``) or ``clear`` (back to the
    computed place). Moving up or down swaps with the neighbour; a neighbour the team
    placed by hand keeps a hand-placed rank (the one the actor left).
    """
    found = recruitment_for(team)  # the order the team sees (shared, per map version)
    if found is None:  # a large team whose order the worker has not computed yet
        found = analysis_cache.refresh("actors.recruitment", team.pk)
    order = found.value
    current = order.position(actor_id)
    if current is None:
        raise RecruitmentMoveError("not_a_candidate")
    actors = Actor.objects.filter(team=team)
    map_changed(team.pk)  # updates below send no signals
    if action == "clear":
        actors.filter(pk=actor_id).update(recruit_rank=None)
        return current
    if action == "up":
        wanted = max(current - 1, 1)
    elif action == "down":
        wanted = min(current + 1, len(order))
    elif action == "set" and rank is not None and rank >= 1:
        wanted = min(rank, len(order))
    else:
        raise RecruitmentMoveError("bad_action")
    if action in ("up", "down") and wanted != current:
        neighbour = order.actors[wanted - 1]
        actors.filter(pk=neighbour, recruit_rank__isnull=False).update(recruit_rank=current)
    actors.filter(pk=actor_id).update(recruit_rank=wanted)
    return wanted


def recruit_rank_reset(*, team: Team) -> int:
    """Forget the team's manual positions; returns how many were reset."""
    map_changed(team.pk)
    return Actor.objects.filter(team=team, recruit_rank__isnull=False).update(recruit_rank=None)


def pipeline_move(*, actor: Actor, user, ladder: str) -> Actor:
    """Put an actor on another rung of the ladder (recorded in the actor's history)."""
    if ladder not in Ladder.values:
        raise ValueError(ladder)
    return services.actor_update(actor=actor, user=user, ladder=ladder)
