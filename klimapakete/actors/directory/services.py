"""Writes of the actor map. Keyword-only; every function takes the team explicitly."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q

from klimapakete.actors.models import (
    SECTOR_COLOURS,
    Actor,
    ActorChange,
    Conversation,
    Relationship,
    Sector,
)
from klimapakete.errors import DomainError

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


class ActorRuleError(DomainError):
    """A request that breaks a rule of the actor map; ``code`` names it
    (sentences in ``actors/messages.py``)."""


DEFAULT_SECTORS = [
    # (German name, English name) — stored in the team's language at creation
    ("Wirtschaft und Industrie", "Industry and business"),
    ("Stadtverwaltung", "City administration"),
    ("Stadtrat", "City council"),
    ("Bildung und Wissenschaft", "Education and science"),
    ("Klimainitiativen und Zivilgesellschaft", "Climate initiatives and civil society"),
    ("Bürger:innen", "Citizens"),
]


def sectors_ensure_defaults(*, team: Team, language: str = "de") -> None:
    """Give a new team the default sector list (a team hook; existing teams got it from
    migration 0004)."""
    if team.sectors.exists():
        return
    english = language.startswith("en")
    Sector.objects.bulk_create(
        Sector(team=team, name=en if english else de, colour=SECTOR_COLOURS[n], order=n + 1)
        for n, (de, en) in enumerate(DEFAULT_SECTORS)
    )


def sector_save(*, team: Team, sector: Sector | None, name: str, colour: str, order: int) -> Sector:
    sector = sector or Sector(team=team)
    clash = team.sectors.filter(name__iexact=name)
    if sector.pk:
        clash = clash.exclude(pk=sector.pk)
    if clash.exists():
        raise ActorRuleError("sector_exists")
    sector.name, sector.colour, sector.order = name, colour, order
    sector.save()
    return sector


def sector_delete(*, sector: Sector) -> None:
    sector.delete()  # actors keep existing without a sector


def _record(*, actor: Actor, user, fields: list[str], created: bool = False) -> None:
    if fields or created:
        ActorChange.objects.create(actor=actor, user=user, fields=fields, created=created)


@transaction.atomic
def actor_create(*, team: Team, user, **values) -> Actor:
    actor = Actor(team=team, **values)
    _check_links(team=team, actor=actor)
    actor.save()
    _record(actor=actor, user=user, fields=[], created=True)
    return actor


@transaction.atomic
def actor_update(*, actor: Actor, user, **values) -> Actor:
    changed = [name for name, value in values.items() if getattr(actor, name) != value]
    for name in changed:
        setattr(actor, name, values[name])
    # A contact owner who has left the team stays recorded until someone picks a new
    # one; it must not block edits of other fields.
    _check_links(team=actor.team, actor=actor, check_owner="owner" in changed)
    if changed:
        actor.save(update_fields=[*changed, "updated_at"])
    _record(actor=actor, user=user, fields=changed)
    return actor


def _check_links(*, team: Team, actor: Actor, check_owner: bool = True) -> None:
    """Links to other rows must stay inside the team."""
    if actor.sector_id and actor.sector.team_id != team.pk:
        raise ActorRuleError("foreign_sector")
    if actor.organisation_id:
        org = actor.organisation
        if org.team_id != team.pk or org.kind != Actor.Kind.ORGANISATION or org.pk == actor.pk:
            raise ActorRuleError("bad_organisation")
    if actor.unit_id and actor.unit.team_id != team.pk:
        raise ActorRuleError("foreign_unit")
    if (
        check_owner
        and actor.owner_id
        and not team.memberships.filter(user_id=actor.owner_id).exists()
    ):
        raise ActorRuleError("owner_not_member")


@transaction.atomic
def actor_delete(*, actor: Actor) -> None:
    """Delete an actor completely: relationships, conversations, history, plan steps."""
    actor.delete()


@transaction.atomic
def relationship_create(
    *, team: Team, source: Actor, target: Actor, kind: str, strength: int, note: str
):
    if source.team_id != team.pk or target.team_id != team.pk:
        raise ActorRuleError("foreign_actor")
    if source.pk == target.pk:
        raise ActorRuleError("self_relationship")
    if Relationship.objects.filter(source=source, target=target, kind=kind).exists():
        raise ActorRuleError("duplicate_relationship")
    return Relationship.objects.create(
        team=team, source=source, target=target, kind=kind, strength=strength, note=note
    )


def relationship_delete(*, relationship: Relationship) -> None:
    relationship.delete()


@transaction.atomic
def conversation_save(*, team: Team, actor: Actor, conversation: Conversation | None, **values):
    if actor.team_id != team.pk:
        raise ActorRuleError("foreign_actor")
    members = set(team.memberships.values_list("user_id", flat=True))
    for field in ("held_by", "next_step_owner"):
        user = values.get(field)
        if user is not None and user.pk not in members:
            raise ActorRuleError("owner_not_member")
    conversation = conversation or Conversation(team=team, actor=actor)
    for name, value in values.items():
        setattr(conversation, name, value)
    conversation.save()
    return conversation


def conversation_step_done(*, conversation: Conversation, done: bool = True) -> None:
    conversation.next_step_done = done
    conversation.save(update_fields=["next_step_done"])


def conversation_delete(*, conversation: Conversation) -> None:
    conversation.delete()


REDACTED = "[…]"


@transaction.atomic
def person_erase(*, actor: Actor) -> int:
    """Delete a person and every trace of them: the actor row with its relationships,
    conversations and history, and their name in other actors' conversation entries
    (replaced by "[…]"). Returns how many other entries were redacted."""
    name = actor.name.strip()
    redacted = 0
    if len(name) >= 3:
        pattern = re.compile(re.escape(name), re.IGNORECASE)
        fields = ("interests_heard", "ask", "answer", "next_step")
        query = Q()
        for field in fields:
            query |= Q(**{f"{field}__icontains": name})
        mentions = Conversation.objects.filter(team_id=actor.team_id).exclude(actor=actor)
        for conversation in mentions.filter(query):
            for field in fields:
                setattr(conversation, field, pattern.sub(REDACTED, getattr(conversation, field)))
            conversation.save(update_fields=list(fields))
            redacted += 1
    actor.delete()
    return redacted
