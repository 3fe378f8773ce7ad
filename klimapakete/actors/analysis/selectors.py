"""Reads of the power analysis pages: key persons, introduction chains, the recruitment
order and the ladder's columns.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.analysis.mapdata import (
    MAP,
    ActorMap,
    MapActor,
    MapRelation,
    MapSector,
    actor_map_load,
    map_actors,
    team_sectors,
    ties_with_actors,
)
from klimapakete.actors.models import Actor, Ladder
from klimapakete.core import analysis_cache
from klimapakete.teams.models import Team


@dataclass(frozen=True)
class KeyPersonRow:
    actor: MapActor
    sector: MapSector | None
    colour: str
    result: algorithms.KeyPerson


KEY_PERSONS = 20


def map_size(team_id: int) -> int:
    """The size of a team's map for the inline limit of the shared analyses."""
    return Actor.objects.filter(team_id=team_id).count()


def key_persons_for(team: Team, *, limit: int = KEY_PERSONS) -> analysis_cache.Result | None:
    """Betweenness and communities take seconds on thousands of actors: computed by the
    worker once per version of the map and shared; meanwhile the last result (or None
    for a large team without one). ``value`` holds at most ``limit`` rows."""
    found = analysis_cache.result("actors.key_persons", team.pk)
    if found is not None and len(found.value) > limit:
        found = replace(found, value=found.value[:limit])
    return found


def _key_persons(team_id: int) -> list[KeyPersonRow]:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        return []
    data = actor_map_load(team)
    people = algorithms.key_persons(
        actors=data.nodes(), relations=data.analysis_relations(), limit=KEY_PERSONS
    )
    return [
        KeyPersonRow(
            data.actors[p.actor_id],
            data.sector(data.actors[p.actor_id]),
            data.colour(data.actors[p.actor_id]),
            p,
        )
        for p in people
    ]


@dataclass(frozen=True)
class ChainLink:
    """One tie of a chain, read from ``left`` to ``right``; ``forward`` says whether the
    recorded relation runs that way (e.g. "left works for right")."""

    left: MapActor
    right: MapActor
    kind: str
    strength: int
    forward: bool


@dataclass(frozen=True)
class ChainView:
    actors: list[MapActor]
    links: list[ChainLink]
    weakest_strength: int
    hops: int


@dataclass
class Introductions:
    target: MapActor
    target_is_ally: bool
    chains: list[ChainView]
    has_allies: bool
    map: ActorMap = field(repr=False)


# Ties of the longest introduction chain (ally → … → target).
INTRODUCTION_HOPS = 4


def introduction_surroundings(
    team: Team, target: int, *, hops: int = INTRODUCTION_HOPS
) -> ActorMap:
    """The part of the map the chains to ``target`` can use: the actors within ``hops``
    ties of it, reached through non-allies only (a chain passes no ally), and their ties.

    One query per tie of the chain (the ties of the outermost actors with the actors
    met), whatever the size of the map: the page never loads the whole map.
    """
    sectors = team_sectors(team)
    actors = map_actors(Actor.objects.filter(team=team, pk=target), sectors)
    if not actors:
        return ActorMap(actors={}, sectors=sectors, relations=[])
    relations: dict[tuple, MapRelation] = {}
    frontier = set() if actors[target].is_ally else {target}  # an ally needs no chain
    for _level in range(hops):
        if not frontier:
            break
        found, ends = ties_with_actors(team, frontier, sectors)
        for rel in found:
            relations[(rel.source, rel.target, rel.kind, rel.strength)] = rel
        new = {pk: a for pk, a in ends.items() if pk not in actors}
        actors.update(new)
        frontier = {pk for pk, a in new.items() if not a.is_ally}
    kept = [r for r in relations.values() if r.source in actors and r.target in actors]
    return ActorMap(actors=actors, sectors=sectors, relations=kept)


def has_allies(team: Team) -> bool:
    """Whether the team marked any ally (the page only asks whether there is one: a
    count would read every actor of a large team)."""
    return (
        Actor.objects.filter(team=team)
        .filter(Q(is_team_contact=True) | Q(ladder__in=sorted(algorithms.ALLY_RUNGS)))
        .exists()
    )


def introductions_for(team: Team, *, target: int, max_chains: int = 3) -> Introductions | None:
    """Shortest chains from the team's allies to ``target``; None if not an actor of the team.

    Computed on the target's surroundings (:func:`introduction_surroundings`), so the
    page costs the same in a small and a large map."""
    data = introduction_surroundings(team, target)
    if target not in data.actors:
        return None
    nodes = data.nodes()
    chains = algorithms.introduction_chains(
        actors=nodes,
        relations=data.analysis_relations(),
        target=target,
        max_chains=max_chains,
        max_length=INTRODUCTION_HOPS,
    )
    ties = data.strongest_ties()
    views = []
    for chain in chains:
        links = []
        for left, right in zip(chain.path, chain.path[1:], strict=False):
            rel = ties[(min(left, right), max(left, right))]
            links.append(
                ChainLink(
                    data.actors[left],
                    data.actors[right],
                    rel.kind,
                    rel.strength,
                    rel.source == left,
                )
            )
        views.append(
            ChainView(
                [data.actors[a] for a in chain.path], links, chain.weakest_strength, chain.hops
            )
        )
    target_node = next(n for n in nodes if n.id == target)
    return Introductions(
        target=data.actors[target],
        target_is_ally=target_node.is_ally,
        chains=views,
        has_allies=has_allies(team),
        map=data,
    )


# Reasons of the recruitment order (algorithms.recruitment_order), stored as their index.
REASON_CODES = (
    "team_choice",
    "already_ally",
    "introduction",
    "opponent",
    "easy",
    "sympathetic",
    "worth_the_effort",
    "remaining",
)


@dataclass(frozen=True)
class RecruitmentStep:
    rank: int
    actor_id: int
    reason_code: str
    introducer_id: int | None
    strength: int | None
    requested_rank: int | None


@dataclass(frozen=True)
class RecruitmentOrder:
    """The computed order, compact: ids and small codes in arrays, no model rows (a
    page unpickles thousands of positions in microseconds and loads only its own
    actors). Per position: the actor, the reason (index into ``REASON_CODES``), the
    introducer (0: none), the tie's strength (0: none) and the team's requested rank (0)."""

    actors: array
    reasons: bytes
    introducers: array
    strengths: bytes
    requested: array

    @classmethod
    def from_steps(cls, steps: list[algorithms.RecruitmentStep]) -> RecruitmentOrder:
        return cls(
            actors=array("q", (s.actor_id for s in steps)),
            reasons=bytes(REASON_CODES.index(s.reason_code) for s in steps),
            introducers=array("q", (s.introducer_id or 0 for s in steps)),
            strengths=bytes((s.reason_params.get("strength") or 0) for s in steps),
            requested=array("q", (s.reason_params.get("requested_rank") or 0 for s in steps)),
        )

    def __len__(self) -> int:
        return len(self.actors)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._step(i) for i in range(*index.indices(len(self)))]
        return self._step(index)

    def _step(self, i: int) -> RecruitmentStep:
        return RecruitmentStep(
            rank=i + 1,
            actor_id=self.actors[i],
            reason_code=REASON_CODES[self.reasons[i]],
            introducer_id=self.introducers[i] or None,
            strength=self.strengths[i] or None,
            requested_rank=self.requested[i] or None,
        )

    @property
    def pinned(self) -> int:
        return self.reasons.count(REASON_CODES.index("team_choice"))

    def position(self, actor_id: int) -> int | None:
        """The actor's rank (1-based), or None if not a candidate."""
        try:
            return self.actors.index(actor_id) + 1
        except ValueError:
            return None


@dataclass(frozen=True)
class RecruitmentRow:
    actor: Actor
    step: RecruitmentStep
    introducer: Actor | None

    @property
    def pinned(self) -> bool:
        return self.step.reason_code == "team_choice"

    @property
    def reason_params(self) -> dict:
        return {
            "ease": self.actor.ease,
            "power": self.actor.power,
            "strength": self.step.strength,
            "requested_rank": self.step.requested_rank,
        }


def recruitment_for(team: Team) -> analysis_cache.Result | None:
    """The recruitment order with the team's manual positions (``Actor.recruit_rank``),
    computed by the worker once per version of the map and shared (core.analysis_cache);
    ``value`` is a :class:`RecruitmentOrder`."""
    return analysis_cache.result("actors.recruitment", team.pk)


def recruitment_rows(team, steps: list[RecruitmentStep]) -> list[RecruitmentRow]:
    """The rows of one page of the order: its actors and introducers in one query
    (actors deleted since the order was computed are left out)."""
    ids = {s.actor_id for s in steps} | {s.introducer_id for s in steps if s.introducer_id}
    actors = (
        Actor.objects.filter(team=team, pk__in=ids)
        .select_related("sector")
        .only("id", "name", "stance", "power", "ease", "sector__name", "sector__colour")
    )
    by_id = {a.pk: a for a in actors}
    return [
        RecruitmentRow(by_id[s.actor_id], s, by_id.get(s.introducer_id))
        for s in steps
        if s.actor_id in by_id
    ]


def recruitment_order(data: ActorMap) -> RecruitmentOrder:
    overrides = {a.id: a.recruit_rank for a in data.actors.values() if a.recruit_rank}
    steps = algorithms.recruitment_order(
        actors=data.nodes(), relations=data.analysis_relations(), overrides=overrides
    )
    return RecruitmentOrder.from_steps(steps)


def _recruitment(team_id: int) -> RecruitmentOrder:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        return RecruitmentOrder.from_steps([])
    return recruitment_order(actor_map_load(team))


# Cards per column of the ladder; the rest of a column is a link to the filtered list.
PIPELINE_CARDS = 6

# The order of a column's cards (the index actor_team_ladder_power_idx follows it).
PIPELINE_ORDER = ("-power", "name", "id")


@dataclass(frozen=True)
class PipelineColumn:
    rung: str
    label: str
    count: int
    actors: list[Actor]
    next_rung: str | None
    next_label: str | None

    @property
    def more(self) -> int:
        return self.count - len(self.actors)


def pipeline_data(team: Team, *, sector: int | None = None) -> list[PipelineColumn]:
    """The ladder of engagement as columns, most powerful actors first.

    Two queries whatever the size of the team: the counts per rung, and the first
    ``PIPELINE_CARDS`` cards of every rung (per rung a bounded subquery, which the index
    on team, ladder and power answers without reading the rung's other actors).
    """
    qs = Actor.objects.filter(team=team)
    if sector:
        qs = qs.filter(sector_id=sector)
    counts = dict(qs.order_by().values_list("ladder").annotate(n=Count("id")))
    first = reduce(
        or_,
        (
            Q(pk__in=qs.filter(ladder=rung).order_by(*PIPELINE_ORDER).values("pk")[:PIPELINE_CARDS])
            for rung in Ladder.values
        ),
    )
    ranked = (
        Actor.objects.filter(first)
        .select_related("sector")
        .only("id", "name", "ladder", "stance", "power", "sector__name", "sector__colour")
        .order_by("ladder", *PIPELINE_ORDER)
    )
    cards: dict[str, list[Actor]] = defaultdict(list)
    for actor in ranked:
        cards[actor.ladder].append(actor)
    rungs = list(Ladder)
    columns = []
    for i, rung in enumerate(rungs):
        columns.append(
            PipelineColumn(
                rung=rung.value,
                label=rung.label,
                count=counts.get(rung.value, 0),
                actors=cards[rung.value],
                next_rung=rungs[i + 1].value if i + 1 < len(rungs) else None,
                next_label=rungs[i + 1].label if i + 1 < len(rungs) else None,
            )
        )
    return columns


analysis_cache.register("actors.key_persons", MAP, _key_persons, size=map_size)
analysis_cache.register("actors.recruitment", MAP, _recruitment, size=map_size)
