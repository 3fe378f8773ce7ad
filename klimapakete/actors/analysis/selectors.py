"""Reads of the power analysis pages: key persons, introduction chains, the recruitment
order and the ladder's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.analysis.mapdata import (
    MAP,
    ActorMap,
    MapActor,
    MapSector,
    actor_map_load,
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


def key_persons_for(team: Team, *, limit: int = KEY_PERSONS) -> list[KeyPersonRow]:
    """Betweenness and communities take seconds on thousands of actors: computed once per
    version of the map and shared; a request after a change gets the last result while
    the worker recomputes (core.analysis_cache)."""
    return analysis_cache.result("actors.key_persons", team.pk).value[:limit]


def _key_persons(team_id: int) -> list[KeyPersonRow]:
    data = actor_map_load(Team.objects.get(pk=team_id))
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
    ally_count: int
    map: ActorMap = field(repr=False)


def introductions_for(team: Team, *, target: int, max_chains: int = 3) -> Introductions | None:
    """Shortest chains from the team's allies to ``target``; None if not an actor of the team."""
    data = actor_map_load(team)
    if target not in data.actors:
        return None
    nodes = data.nodes()
    chains = algorithms.introduction_chains(
        actors=nodes,
        relations=data.analysis_relations(),
        target=target,
        max_chains=max_chains,
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
        ally_count=sum(1 for n in nodes if n.is_ally),
        map=data,
    )


@dataclass(frozen=True)
class RecruitmentRow:
    actor: MapActor
    sector: MapSector | None
    colour: str
    step: algorithms.RecruitmentStep
    introducer: MapActor | None

    @property
    def pinned(self) -> bool:
        return self.step.reason_code == "team_choice"


def recruitment_for(team: Team) -> list[RecruitmentRow]:
    """The recruitment order with the team's manual positions (``Actor.recruit_rank``),
    computed once per version of the map and shared (core.analysis_cache)."""
    return analysis_cache.result("actors.recruitment", team.pk).value


def _recruitment(team_id: int) -> list[RecruitmentRow]:
    return recruitment_rows(actor_map_load(Team.objects.get(pk=team_id)))


def recruitment_rows(data: ActorMap) -> list[RecruitmentRow]:
    overrides = {a.id: a.recruit_rank for a in data.actors.values() if a.recruit_rank}
    steps = algorithms.recruitment_order(
        actors=data.nodes(), relations=data.analysis_relations(), overrides=overrides
    )
    return [
        RecruitmentRow(
            data.actors[s.actor_id],
            data.sector(data.actors[s.actor_id]),
            data.colour(data.actors[s.actor_id]),
            s,
            data.actors.get(s.introducer_id) if s.introducer_id else None,
        )
        for s in steps
    ]


PIPELINE_CARDS = 40


@dataclass(frozen=True)
class PipelineColumn:
    rung: str
    label: str
    count: int
    actors: list[Actor]
    next_rung: str | None
    next_label: str | None


def pipeline_data(team: Team, *, sector: int | None = None) -> list[PipelineColumn]:
    """The ladder of engagement as columns, most powerful actors first.

    One query for the counts and one per rung (a fixed number) for its first cards.
    """
    qs = Actor.objects.filter(team=team)
    if sector:
        qs = qs.filter(sector_id=sector)
    counts = dict(qs.order_by().values_list("ladder").annotate(n=Count("id")))
    cards = qs.select_related("sector").only(
        "id", "name", "ladder", "stance", "power", "sector__name", "sector__colour"
    )
    rungs = list(Ladder)
    columns = []
    for i, rung in enumerate(rungs):
        count = counts.get(rung.value, 0)
        actors = list(
            cards.filter(ladder=rung.value).order_by("-power", "name", "id")[:PIPELINE_CARDS]
        )
        columns.append(
            PipelineColumn(
                rung=rung.value,
                label=rung.label,
                count=count,
                actors=actors,
                next_rung=rungs[i + 1].value if i + 1 < len(rungs) else None,
                next_label=rungs[i + 1].label if i + 1 < len(rungs) else None,
            )
        )
    return columns


analysis_cache.register("actors.key_persons", MAP, _key_persons)
analysis_cache.register("actors.recruitment", MAP, _recruitment)
