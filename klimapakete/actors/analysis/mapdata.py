"""A team's actor map as the power analysis sees it: loaded in a fixed number of queries
(:func:`actor_map_load`), turned into the inputs of the pure
:mod:`klimapakete.actors.algorithms.algorithms` module, and a cache keyed by exactly those
inputs (:func:`cached`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.models import Actor, Ladder, Relationship, Stance
from klimapakete.core import analysis_cache
from klimapakete.core.sorting import by_name

NO_SECTOR_COLOUR = "#6b7280"


@dataclass(frozen=True)
class MapSector:
    id: int
    name: str
    colour: str
    order: int


@dataclass(frozen=True)
class MapActor:
    id: int
    name: str
    kind: str
    sector_id: int | None
    stance: int
    power: int
    ease: int
    ladder: str
    is_team_contact: bool
    recruit_rank: int | None
    sector: MapSector | None = None

    @property
    def colour(self) -> str:
        return self.sector.colour if self.sector else NO_SECTOR_COLOUR

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label

    @property
    def is_ally(self) -> bool:
        """As :attr:`algorithms.ActorNode.is_ally`: can introduce the team to others."""
        return self.is_team_contact or self.ladder in algorithms.ALLY_RUNGS


@dataclass(frozen=True)
class MapRelation:
    source: int
    target: int
    kind: str
    strength: int


@dataclass
class ActorMap:
    """A team's actors, sectors and relationships, loaded in three queries."""

    actors: dict[int, MapActor]
    sectors: dict[int, MapSector]
    relations: list[MapRelation]

    def sector(self, actor: MapActor) -> MapSector | None:
        return self.sectors.get(actor.sector_id) if actor.sector_id else None

    def colour(self, actor: MapActor) -> str:
        sector = self.sector(actor)
        return sector.colour if sector else NO_SECTOR_COLOUR

    def nodes(self) -> list[algorithms.ActorNode]:
        return [_node(a, self.sectors) for a in self.actors.values()]

    def analysis_relations(self) -> list[algorithms.Relation]:
        return [
            algorithms.Relation(
                r.source,
                r.target,
                r.kind,
                _clamp(r.strength, 1, 3),
                directed=r.kind not in UNDIRECTED_KINDS,
            )
            for r in self.relations
        ]

    def strongest_ties(self) -> dict[tuple[int, int], MapRelation]:
        """The strongest recorded relation of each pair of actors (as the analysis sees ties)."""
        best: dict[tuple[int, int], MapRelation] = {}
        for rel in self.relations:
            pair = (min(rel.source, rel.target), max(rel.source, rel.target))
            if pair not in best or rel.strength > best[pair].strength:
                best[pair] = rel
        return best


UNDIRECTED_KINDS = {
    Relationship.Kind.KNOWS,
    Relationship.Kind.PARTY_COLLEAGUE,
    Relationship.Kind.FAMILY,
}


def _clamp(value: int | None, low: int, high: int) -> int:
    return min(max(int(value if value is not None else low), low), high)


def _node(actor: MapActor, sectors: dict[int, MapSector]) -> algorithms.ActorNode:
    sector = sectors.get(actor.sector_id) if actor.sector_id else None
    return algorithms.ActorNode(
        id=actor.id,
        sector=sector.name if sector else None,
        stance=actor.stance,
        power=actor.power,
        ease=actor.ease,
        ladder=actor.ladder,
        is_team_ally=actor.is_team_contact,
    )


ACTOR_COLUMNS = (
    "id",
    "name",
    "kind",
    "sector_id",
    "stance",
    "power",
    "ease",
    "ladder",
    "is_team_contact",
    "recruit_rank",
)


def team_sectors(team) -> dict[int, MapSector]:
    return {
        s.pk: MapSector(s.pk, s.name, s.colour, s.order) for s in team.sectors.order_by("order")
    }


def map_actor(row, sectors: dict[int, MapSector]) -> MapActor:
    """A row of ``ACTOR_COLUMNS`` as the analysis sees it."""
    pk, name, kind_, sector_id, stance, power, ease, ladder, contact, rank = row
    return MapActor(
        id=pk,
        name=name,
        kind=kind_,
        sector_id=sector_id,
        stance=_clamp(stance, -2, 2),
        power=_clamp(power, 1, 5),
        ease=_clamp(ease, 1, 5),
        ladder=ladder if ladder in algorithms.LADDER else Ladder.IDENTIFIED,
        is_team_contact=contact,
        recruit_rank=rank,
        sector=sectors.get(sector_id) if sector_id else None,
    )


def map_actors(actors_qs, sectors: dict[int, MapSector]) -> dict[int, MapActor]:
    """The actors of the query (in its order) as the analysis sees them: one query."""
    return {row[0]: map_actor(row, sectors) for row in actors_qs.values_list(*ACTOR_COLUMNS)}


def ties_with_actors(
    team, ids, sectors: dict[int, MapSector], *, min_strength: int = 1
) -> tuple[list[MapRelation], dict[int, MapActor]]:
    """The relationships of the actors ``ids`` and the actors at both ends, in one query
    whatever the size of the map."""
    width = len(ACTOR_COLUMNS)
    rows = (
        Relationship.objects.filter(team=team, strength__gte=min_strength)
        .filter(Q(source_id__in=sorted(ids)) | Q(target_id__in=sorted(ids)))
        .order_by("pk")
        .values_list(
            "kind",
            "strength",
            *(f"source__{c}" for c in ACTOR_COLUMNS),
            *(f"target__{c}" for c in ACTOR_COLUMNS),
        )
    )
    relations, actors = [], {}
    for row in rows:
        source, target = row[2 : 2 + width], row[2 + width :]
        if source[0] == target[0]:
            continue
        relations.append(MapRelation(source[0], target[0], row[0], row[1]))
        for end in (source, target):
            if end[0] not in actors:
                actors[end[0]] = map_actor(end, sectors)
    return relations, actors


def ties_of(team, ids, *, min_strength: int = 1, among: bool = False) -> list[MapRelation]:
    """The relationships of the actors ``ids`` (``among``: only those between two of
    them) with at least ``min_strength``: one query, whatever the size of the map."""
    ids = sorted(ids)
    qs = Relationship.objects.filter(team=team, strength__gte=min_strength)
    if among:
        qs = qs.filter(source_id__in=ids, target_id__in=ids)
    else:
        qs = qs.filter(Q(source_id__in=ids) | Q(target_id__in=ids))
    rows = qs.order_by("pk").values_list("source_id", "target_id", "kind", "strength")
    return [MapRelation(s, t, k, st) for s, t, k, st in rows if s != t]


def actor_map_load(
    team, *, sector: int | None = None, kind: str = "", relations: bool = True
) -> ActorMap:
    """The team's map; ``sector``/``kind`` restrict the actors (and so the relations).

    ``relations=False`` skips loading the relationships (for pages that need none).
    """
    actors_qs = Actor.objects.filter(team=team)
    if sector:
        actors_qs = actors_qs.filter(sector_id=sector)
    if kind:
        actors_qs = actors_qs.filter(kind=kind)
    sectors = team_sectors(team)
    actors = map_actors(actors_qs.order_by(by_name(), "id"), sectors)
    loaded = []
    if relations:
        rel_qs = Relationship.objects.filter(team=team)
        if sector or kind:
            rel_qs = rel_qs.filter(source__in=actors_qs, target__in=actors_qs)
        loaded = [
            MapRelation(s, t, k, st)
            for s, t, k, st in rel_qs.values_list("source_id", "target_id", "kind", "strength")
            if s != t and s in actors and t in actors
        ]
    return ActorMap(actors=actors, sectors=sectors, relations=loaded)


# The shared analyses' subject: every change to a team's actors, sectors or relationships
# bumps its version (core.analysis_cache), so results are keyed by it, not by the data.
MAP = "actors.map"


def map_version(team_id: int) -> int:
    return analysis_cache.version(MAP, team_id)


def map_changed(team_id: int, *, refresh: bool = True) -> None:
    """Bump the map's version; the worker recomputes the shared analyses after the commit."""
    analysis_cache.bump(MAP, team_id, refresh=refresh)
