"""Reads of the actor map. Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, DateField, F, Func, Max, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.models import Actor, Conversation, Relationship

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


@dataclass(frozen=True)
class ActorFilter:
    q: str = ""
    sector: int | None = None
    kind: str = ""
    stance: int | None = None
    ladder: str = ""
    owner: int | None = None
    tag: str = ""
    power: int | None = None
    quadrant: str = ""


def quadrant_q(code: str) -> Q:
    """The actors of one quadrant of the power/stance grid (algorithms.grid_quadrant)."""
    high = Q(power__gte=algorithms.HIGH_POWER)
    in_favour = Q(stance__gte=algorithms.IN_FAVOUR)
    return {
        "key_allies": high & in_favour,
        "persuade": high & ~in_favour,
        "mobilise": ~high & in_favour,
        "monitor": ~high & ~in_favour,
    }[code]


def actor_queryset(team: Team, flt: ActorFilter | None = None):
    """Actors of a team with what the list shows, filtered; one query when evaluated.

    The date of the last conversation is added per page by :func:`last_contacts`
    (annotating the whole team would group thousands of rows for every page)."""
    flt = flt or ActorFilter()
    qs = Actor.objects.filter(team=team).select_related("sector", "organisation", "owner")
    if flt.q:
        qs = qs.filter(
            Q(name__icontains=flt.q)
            | Q(position__icontains=flt.q)
            | Q(interests__icontains=flt.q)
            | Q(tags__icontains=flt.q)
            | Q(organisation__name__icontains=flt.q)
        )
    if flt.sector:
        qs = qs.filter(sector_id=flt.sector)
    if flt.kind:
        qs = qs.filter(kind=flt.kind)
    if flt.stance is not None:
        qs = qs.filter(stance=flt.stance)
    if flt.power is not None:
        qs = qs.filter(power=flt.power)
    if flt.quadrant:
        qs = qs.filter(quadrant_q(flt.quadrant))
    if flt.ladder:
        qs = qs.filter(ladder=flt.ladder)
    if flt.owner:
        qs = qs.filter(owner_id=flt.owner)
    if flt.tag:
        qs = qs.filter(tags__icontains=flt.tag)
    return qs.order_by("sort_name", "pk")


def last_contacts(actor_ids) -> dict[int, date]:
    """The date of the latest conversation of each of the given actors that has one."""
    return dict(
        Conversation.objects.filter(actor__in=actor_ids)
        .values_list("actor_id")
        .annotate(last=Max("date"))
        .values_list("actor_id", "last")
    )


def actor_relationships(actor: Actor) -> list[Relationship]:
    return list(
        Relationship.objects.filter(Q(source=actor) | Q(target=actor))
        .select_related("source", "target")
        .order_by("-strength", "kind")
    )


def due_next_steps(team: Team, *, days_ahead: int = 14) -> list[Conversation]:
    """Open next steps from conversations, due within ``days_ahead`` days or overdue."""
    until = timezone.localdate() + timedelta(days=days_ahead)
    return list(
        Conversation.objects.filter(
            team=team, next_step_done=False, next_step_due__isnull=False, next_step_due__lte=until
        )
        .exclude(next_step="")
        .select_related("actor", "next_step_owner")
        .order_by("next_step_due")[:20]
    )


@dataclass(frozen=True)
class ColdContact:
    actor: Actor
    last_contact: date | None
    days_overdue: int


class DaysAfter(Func):
    """``date + days`` (an integer column) as a date, on PostgreSQL and SQLite."""

    template = "(%(expressions)s)"
    arg_joiner = " + "
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra,
        )


class LocalDate(TruncDate):
    """The date of a datetime in the site's time zone, like ``TruncDate``; on SQLite
    computed by SQLite itself ('localtime' is the ``TIME_ZONE`` that Django sets for the
    process), where ``TruncDate`` calls back into Python for every row."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'localtime')", params


def cold_contacts(
    team, *, today: date | None = None, limit: int = 20
) -> tuple[list[ColdContact], int]:
    """The team's actors with a contact rhythm whose last conversation (or, without one,
    their creation) is longer ago than the rhythm: the ``limit`` most overdue first, and
    how many there are in all — one query, in SQL."""
    today = today or timezone.localdate()
    # The last conversation per actor as a subquery (no GROUP BY over the team's actors).
    last = Subquery(
        Conversation.objects.filter(actor=OuterRef("pk")).order_by("-date").values("date")[:1]
    )
    due = DaysAfter(Coalesce(last, LocalDate("created_at")), F("contact_rhythm_days"))
    actors = (
        Actor.objects.filter(team=team, contact_rhythm_days__isnull=False)
        .annotate(last_contact=last, due=due, cold_total=Window(Count("*")))
        .filter(due__lt=today)
        .select_related("owner")
        .order_by("due", "name", "pk")[:limit]
    )
    cold, total = [], 0
    for actor in actors:
        reference = actor.last_contact or timezone.localtime(actor.created_at).date()
        overdue = (today - reference).days - actor.contact_rhythm_days
        cold.append(ColdContact(actor, actor.last_contact, overdue))
        total = actor.cold_total
    return cold, total


# Contacts going cold listed on the dashboard; the rest is counted.
DASHBOARD_COLD = 8


def dashboard_panel(request) -> dict | None:
    team = request.team
    steps = due_next_steps(team)
    cold, cold_total = cold_contacts(team, limit=DASHBOARD_COLD)
    counts = Actor.objects.filter(team=team).aggregate(
        total=Count("id"),
        allies=Count("id", filter=Q(ladder__in=["supportive", "committed", "active"])),
    )
    return {
        "template": "actors/dashboard_panel.html",
        "context": {
            "steps": steps,
            "cold": cold,
            "cold_more": cold_total - len(cold),
            "counts": counts,
            "today": timezone.localdate(),
        },
    }


def _actor_row(actor: Actor) -> dict:
    return {
        "id": actor.pk,
        "kind": actor.kind,
        "name": actor.name,
        "organisation": actor.organisation.name if actor.organisation_id else "",
        "position": actor.position,
        "sector": actor.sector.name if actor.sector_id else "",
        "stance": actor.stance,
        "power": actor.power,
        "ease": actor.ease,
        "interests": actor.interests,
        "tags": actor.tags,
        "owner": actor.owner.email if actor.owner_id else "",
        "email": actor.email,
        "phone": actor.phone,
        "notes": actor.notes,
        "ladder": actor.ladder,
        "is_team_contact": actor.is_team_contact,
        "public_consent": actor.public_consent,
        "public_consent_on": actor.public_consent_on,
        "contact_rhythm_days": actor.contact_rhythm_days,
        "unit": actor.unit.name if actor.unit_id else "",
        "created_at": actor.created_at,
        "updated_at": actor.updated_at,
    }


def _conversation_row(c: Conversation) -> dict:
    return {
        "id": c.pk,
        "actor_id": c.actor_id,
        "actor": c.actor.name,
        "date": c.date,
        "held_by": c.held_by.email if c.held_by_id else "",
        "interests_heard": c.interests_heard,
        "ask": c.ask,
        "answer": c.answer,
        "next_step": c.next_step,
        "next_step_due": c.next_step_due,
        "next_step_owner": c.next_step_owner.email if c.next_step_owner_id else "",
        "next_step_done": c.next_step_done,
    }


def _relationship_row(r: Relationship) -> dict:
    return {
        "id": r.pk,
        "source_id": r.source_id,
        "source": r.source.name,
        "target_id": r.target_id,
        "target": r.target.name,
        "kind": r.kind,
        "strength": r.strength,
        "note": r.note,
    }


def actors_export(team: Team) -> dict[str, list[dict]]:
    actors = Actor.objects.filter(team=team).select_related(
        "organisation", "sector", "owner", "unit"
    )
    relationships = Relationship.objects.filter(team=team).select_related("source", "target")
    conversations = Conversation.objects.filter(team=team).select_related(
        "actor", "held_by", "next_step_owner"
    )
    return {
        "sectors": [
            {"name": s.name, "colour": s.colour, "order": s.order} for s in team.sectors.all()
        ],
        "actors": [_actor_row(a) for a in actors],
        "relationships": [_relationship_row(r) for r in relationships],
        "conversations": [_conversation_row(c) for c in conversations],
        "admin_units": [
            {"id": u.pk, "kind": u.kind, "name": u.name, "parent_id": u.parent_id}
            for u in team.admin_units.all()
        ],
    }


def person_export(actor: Actor) -> dict:
    """Everything stored about one actor, including other entries that name them."""
    name = actor.name.strip()
    own = actor.conversations.select_related("actor", "held_by", "next_step_owner")
    mentions = Conversation.objects.none()
    if len(name) >= 3:
        mentions = (
            Conversation.objects.filter(team_id=actor.team_id)
            .exclude(actor=actor)
            .filter(
                Q(interests_heard__icontains=name)
                | Q(ask__icontains=name)
                | Q(answer__icontains=name)
                | Q(next_step__icontains=name)
            )
            .select_related("actor", "held_by", "next_step_owner")
        )
    return {
        "actor": _actor_row(actor),
        "relationships": [_relationship_row(r) for r in actor_relationships(actor)],
        "conversations": [_conversation_row(c) for c in own],
        "mentioned_in_conversations": [_conversation_row(c) for c in mentions],
        "history": [
            {"at": ch.at, "fields": ch.fields, "created": ch.created} for ch in actor.changes.all()
        ],
    }
