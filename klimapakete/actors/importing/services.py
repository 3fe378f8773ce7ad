"""Database side of importing and exporting the actor map (the checks are in plan.py).

Each function runs a fixed number of queries, whatever the number of rows (bulk writes
are split into batches only by the database's parameter limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from klimapakete.actors.analysis.mapdata import map_changed
from klimapakete.actors.importing import plan as import_plan
from klimapakete.actors.importing.plan import CREATE, UPDATE
from klimapakete.actors.models import SECTOR_COLOURS, Actor, ActorChange, Relationship, Sector
from klimapakete.errors import DomainError

if TYPE_CHECKING:
    from klimapakete.teams.models import Team


def actor_context(*, team: Team, words: dict | None = None) -> import_plan.ActorContext:
    """What the team has that an actor import refers to: three queries."""
    sectors = list(team.sectors.values_list("id", "name"))
    actors: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, name, kind in Actor.objects.filter(team=team).values_list("id", "name", "kind"):
        actors[import_plan.key(name)].append((pk, kind))
    emails: dict[str, int] = {}
    names: dict[str, list[int]] = defaultdict(list)
    for user_id, email, name in team.memberships.values_list(
        "user_id", "user__email", "user__name"
    ):
        emails[email.casefold()] = user_id
        if name:
            names[import_plan.key(name)].append(user_id)
    return import_plan.ActorContext(
        sectors={import_plan.key(name): pk for pk, name in sectors},
        sector_names=[name for _pk, name in sectors],
        sector_by_id=dict(sectors),
        actors=dict(actors),
        member_emails=emails,
        member_names=dict(names),
        words=words or {},
    )


def relationship_context(
    *, team: Team, words: dict | None = None
) -> import_plan.RelationshipContext:
    """Actors by name and the relationships that exist: two queries."""
    actors: dict[str, list[int]] = defaultdict(list)
    for pk, name in Actor.objects.filter(team=team).values_list("id", "name"):
        actors[import_plan.key(name)].append(pk)
    existing = set(
        Relationship.objects.filter(team=team).values_list("source_id", "target_id", "kind")
    )
    undirected = {
        Relationship.Kind.KNOWS,
        Relationship.Kind.PARTY_COLLEAGUE,
        Relationship.Kind.FAMILY,
    }
    return import_plan.RelationshipContext(
        actors=dict(actors),
        existing=existing,
        undirected={str(k) for k in undirected},
        words=words or {},
    )


class ImportRejected(DomainError):
    """The plan has errors; nothing was written. Its problems are the row errors."""

    def __init__(self, plan):
        super().__init__(
            "rejected",
            problems=[("rejected", {}), *((e.code, e.params) for e in plan.errors)],
        )
        self.plan = plan


@transaction.atomic
def actors_import(
    *,
    team: Team,
    user,
    table: import_plan.Table,
    mapping: list[str],
    create_sectors: bool,
    duplicates: str,
    words: dict | None = None,
    sector_choices: dict | None = None,
    value_choices: dict | None = None,
    skip_errors: bool = False,
) -> import_plan.ActorPlan:
    """Check the table against the team's current data and write it, all or nothing.

    Raises :class:`ImportRejected` (and writes nothing) if any row has an error, unless
    ``skip_errors``: then the rows with errors are left out (``plan.skipped_rows``).
    """
    context = actor_context(team=team, words=words)
    plan = import_plan.plan_actors(
        table,
        mapping,
        context,
        create_sectors=create_sectors,
        duplicates=duplicates,
        sector_choices=sector_choices,
        value_choices=value_choices,
    )
    if skip_errors:
        plan = import_plan.without_error_rows(plan)
    if plan.errors:
        raise ImportRejected(plan)

    sector_ids = dict(context.sectors)
    if plan.new_sectors:
        start = (team.sectors.aggregate(m=Max("order"))["m"] or 0) + 1
        created = Sector.objects.bulk_create(
            Sector(
                team=team,
                name=name,
                colour=SECTOR_COLOURS[(start + n) % len(SECTOR_COLOURS)],
                order=start + n,
            )
            for n, name in enumerate(plan.new_sectors.values())
        )
        sector_ids.update({import_plan.key(s.name): s.pk for s in created})

    org_ids = {
        name_key: next(pk for pk, kind in found if kind == Actor.Kind.ORGANISATION)
        for name_key, found in context.actors.items()
        if any(kind == Actor.Kind.ORGANISATION for _pk, kind in found)
    }

    def build(row: import_plan.ActorRow) -> Actor:
        return Actor(
            team=team,
            name=row.name,
            kind=row.kind,
            sector_id=sector_ids.get(row.sector) if row.sector else None,
            owner_id=row.owner_id,
            **row.values,
        )

    # Organisations first, so that people (and other organisations) can point to them.
    to_create = [r for r in plan.rows if r.action == CREATE]
    implicit = [
        Actor(team=team, name=name, kind=Actor.Kind.ORGANISATION)
        for name in plan.new_organisations.values()
    ]
    org_rows = [r for r in to_create if r.kind == Actor.Kind.ORGANISATION]
    org_actors = [build(r) for r in org_rows]
    Actor.objects.bulk_create([*implicit, *org_actors])
    for actor in [*implicit, *org_actors]:
        org_ids.setdefault(import_plan.key(actor.name), actor.pk)

    # Organisations of organisations, now that all of them have ids.
    linked_orgs = []
    for row, actor in zip(org_rows, org_actors, strict=True):
        org_id = org_ids.get(row.organisation) if row.organisation else None
        if org_id and org_id != actor.pk:
            actor.organisation_id = org_id
            linked_orgs.append(actor)
    if linked_orgs:
        Actor.objects.bulk_update(linked_orgs, ["organisation"])

    people_rows = [r for r in to_create if r.kind != Actor.Kind.ORGANISATION]
    people = []
    for row in people_rows:
        actor = build(row)
        actor.organisation_id = org_ids.get(row.organisation) if row.organisation else None
        people.append(actor)
    Actor.objects.bulk_create(people)

    updated = _update_existing(plan, sector_ids=sector_ids, org_ids=org_ids, team=team)

    created = [*implicit, *org_actors, *people]
    ActorChange.objects.bulk_create(
        [ActorChange(actor=a, user=user, fields=[], created=True) for a in created]
        + [ActorChange(actor=a, user=user, fields=fields) for a, fields in updated]
    )
    map_changed(team.pk)  # bulk writes send no signals
    return plan


def _update_existing(plan: import_plan.ActorPlan, *, sector_ids, org_ids, team: Team):
    rows = [r for r in plan.rows if r.action == UPDATE]
    if not rows:
        return []
    actors = Actor.objects.filter(team=team).in_bulk([r.existing_id for r in rows])
    changes = []
    changed_fields: set[str] = set()
    for row in rows:
        actor = actors[row.existing_id]
        values = dict(row.values)
        if row.sector:
            values["sector_id"] = sector_ids.get(row.sector)
        if row.owner_id:
            values["owner_id"] = row.owner_id
        if row.organisation:
            org_id = org_ids.get(row.organisation)
            if org_id and org_id != actor.pk:
                values["organisation_id"] = org_id
        fields = [name for name, value in values.items() if getattr(actor, name) != value]
        for name in fields:
            setattr(actor, name, values[name])
        if fields:
            names = [f.removesuffix("_id") for f in fields]
            changes.append((actor, names))
            changed_fields.update(names)
    if changes:
        now = timezone.now()
        for actor, _fields in changes:
            actor.updated_at = now
        Actor.objects.bulk_update([a for a, _f in changes], sorted(changed_fields | {"updated_at"}))
    return changes


@transaction.atomic
def relationships_import(
    *,
    team: Team,
    table: import_plan.Table,
    mapping: list[str],
    duplicates: str,
    words: dict | None = None,
    skip_errors: bool = False,
) -> import_plan.RelationshipPlan:
    """Check and write relationships, all or nothing (:class:`ImportRejected`), or with
    ``skip_errors`` without the rows that have errors."""
    context = relationship_context(team=team, words=words)
    plan = import_plan.plan_relationships(table, mapping, context, duplicates=duplicates)
    if skip_errors:
        plan = import_plan.without_error_rows(plan)
    if plan.errors:
        raise ImportRejected(plan)
    Relationship.objects.bulk_create(
        Relationship(
            team=team,
            source_id=r.source_id,
            target_id=r.target_id,
            kind=r.kind,
            strength=r.strength or 2,
            note=r.note or "",
        )
        for r in plan.rows
        if r.action == CREATE
    )
    updates = [r for r in plan.rows if r.action == UPDATE]
    if updates:
        existing = {
            (rel.source_id, rel.target_id, rel.kind): rel
            for rel in Relationship.objects.filter(
                team=team,
                source_id__in={r.source_id for r in updates} | {r.target_id for r in updates},
            )
        }
        changed = []
        for row in updates:
            rel = existing.get((row.source_id, row.target_id, row.kind)) or existing.get(
                (row.target_id, row.source_id, row.kind)
            )
            if rel is None:
                continue
            if row.strength is not None:
                rel.strength = row.strength
            if row.note is not None:
                rel.note = row.note
            changed.append(rel)
        if changed:
            Relationship.objects.bulk_update(changed, ["strength", "note"])
    map_changed(team.pk)  # bulk writes send no signals
    return plan


# Exported columns are exactly the columns an import understands (round trip).
# The export writes whole names; "first_name" is only an import helper.
ACTOR_EXPORT_FIELDS = [t for t in import_plan.ACTOR_TARGETS if t != "first_name"]
RELATIONSHIP_EXPORT_FIELDS = list(import_plan.RELATIONSHIP_TARGETS)


def actors_export_rows(queryset) -> list[list]:
    """Rows of ACTOR_EXPORT_FIELDS for the actors of ``queryset`` (one query)."""
    return list(actors_export_iter(queryset))


def actors_export_iter(queryset) -> Iterator[list]:
    """The same rows one at a time, read in chunks (for a streamed download)."""
    related = queryset.select_related("organisation", "sector", "owner")
    for actor in related.iterator(chunk_size=2000):
        yield (
            [
                actor.name,
                actor.get_kind_display(),
                actor.organisation.name if actor.organisation_id else "",
                actor.position,
                actor.sector.name if actor.sector_id else "",
                actor.stance,
                actor.power,
                actor.ease,
                actor.get_ladder_display(),
                actor.interests,
                actor.tags,
                actor.owner.email if actor.owner_id else "",
                actor.email,
                actor.phone,
                actor.notes,
                1 if actor.is_team_contact else 0,
                actor.contact_rhythm_days,
            ]
        )


def relationships_export_rows(*, team: Team) -> list[list]:
    """Rows of RELATIONSHIP_EXPORT_FIELDS (one query)."""
    return [
        [r.source.name, r.target.name, r.get_kind_display(), r.strength, r.note]
        for r in Relationship.objects.filter(team=team)
        .select_related("source", "target")
        .order_by("source__name", "target__name", "kind")
    ]
