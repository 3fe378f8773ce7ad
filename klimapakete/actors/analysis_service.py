"""The power-analysis pages' data: loads a team's actor map in a fixed number of queries,
builds the inputs of the pure :mod:`klimapakete.actors.analysis` module, calls it, and
lays out the grid and the network for drawing.

Reads are ``*_for`` / ``*_data`` functions; the two writes (the team's manual
recruitment order and the ladder move) are ``recruit_rank_*`` and ``pipeline_move``.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from klimapakete.actors import analysis, services
from klimapakete.actors.models import Actor, Ladder, Relationship, Stance

NO_SECTOR_COLOUR = "#6b7280"


# --------------------------------------------------------------------------- loading


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

    def nodes(self) -> list[analysis.ActorNode]:
        return [_node(a, self.sectors) for a in self.actors.values()]

    def analysis_relations(self) -> list[analysis.Relation]:
        return [
            analysis.Relation(
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


def _node(actor: MapActor, sectors: dict[int, MapSector]) -> analysis.ActorNode:
    sector = sectors.get(actor.sector_id) if actor.sector_id else None
    return analysis.ActorNode(
        id=actor.id,
        sector=sector.name if sector else None,
        stance=actor.stance,
        power=actor.power,
        ease=actor.ease,
        ladder=actor.ladder,
        is_team_ally=actor.is_team_contact,
    )


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
    sectors = {
        s.pk: MapSector(s.pk, s.name, s.colour, s.order) for s in team.sectors.order_by("order")
    }
    rungs = set(analysis.LADDER)
    actors = {}
    for row in actors_qs.order_by("name", "id").values_list(
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
    ):
        pk, name, kind_, sector_id, stance, power, ease, ladder, contact, rank = row
        actors[pk] = MapActor(
            id=pk,
            name=name,
            kind=kind_,
            sector_id=sector_id,
            stance=_clamp(stance, -2, 2),
            power=_clamp(power, 1, 5),
            ease=_clamp(ease, 1, 5),
            ladder=ladder if ladder in rungs else Ladder.IDENTIFIED,
            is_team_contact=contact,
            recruit_rank=rank,
            sector=sectors.get(sector_id) if sector_id else None,
        )
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


def _cached(name: str, data: ActorMap, compute, *extra):
    """``compute()``, cached for exactly these analysis inputs (any change recomputes)."""
    digest = hashlib.sha1(usedforsecurity=False)
    for actor in data.actors.values():
        digest.update(
            repr(
                (actor.id, actor.sector_id, actor.stance, actor.power, actor.ease)
                + (actor.ladder, actor.is_team_contact, actor.recruit_rank)
            ).encode()
        )
    digest.update(repr(data.relations).encode())
    digest.update(repr(extra).encode())
    key = f"actors:{name}:{digest.hexdigest()}"
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, 24 * 3600)
    return result


# --------------------------------------------------------------------------- grid

GRID = {
    "left": 84,
    "top": 40,
    "cell_w": 130,
    "cell_h": 80,
    "slots_x": 4,
    "slots_y": 4,
}
GRID_WIDTH = GRID["left"] + 5 * GRID["cell_w"] + 16
GRID_HEIGHT = GRID["top"] + 5 * GRID["cell_h"] + 86
MAX_DOTS = GRID["slots_x"] * GRID["slots_y"]
QUADRANT_ORDER = ("persuade", "key_allies", "monitor", "mobilise")
QUADRANT_LIST_LIMIT = 100


@dataclass(frozen=True)
class GridDot:
    actor: MapActor
    sector: MapSector | None
    colour: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class GridBubble:
    """Several actors of one sector on the same stance and power, drawn as one count."""

    sector: MapSector | None
    colour: str
    count: int
    stance: int
    power: int
    x: float
    y: float
    r: float

    @property
    def stance_label(self) -> str:
        return Stance(self.stance).label


@dataclass(frozen=True)
class GridQuadrant:
    code: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    actors: list[MapActor]
    total: int


@dataclass
class GridChart:
    width: int
    height: int
    plot: dict
    dots: list[GridDot]
    bubbles: list[GridBubble]
    quadrants: list[GridQuadrant]
    x_ticks: list[dict]
    y_ticks: list[dict]
    sectors: list[MapSector]
    total: int
    map: ActorMap = field(repr=False)


def _cell_origin(stance: int, power: int) -> tuple[float, float]:
    return (
        GRID["left"] + (stance + 2) * GRID["cell_w"],
        GRID["top"] + (5 - power) * GRID["cell_h"],
    )


def _slot(stance: int, power: int, index: int) -> tuple[float, float]:
    """Centre of the ``index``-th slot of a cell: a fixed lattice, so dots never overlap."""
    x0, y0 = _cell_origin(stance, power)
    col, row = index % GRID["slots_x"], index // GRID["slots_x"]
    return (
        round(x0 + GRID["cell_w"] * (col + 0.5) / GRID["slots_x"], 1),
        round(y0 + GRID["cell_h"] * (row + 0.5) / GRID["slots_y"], 1),
    )


def grid_data(team, *, sector: int | None = None, kind: str = "") -> GridChart:
    """The power/stance grid: dots where a cell has room, count bubbles per sector where not."""
    data = actor_map_load(team, sector=sector, kind=kind, relations=False)
    sector_rank = {s.id: (s.order, s.name) for s in data.sectors.values()}

    def order_key(a: MapActor):
        return (sector_rank.get(a.sector_id, (10**9, "")), a.name, a.id)

    cells: dict[tuple[int, int], list[MapActor]] = defaultdict(list)
    for actor in data.actors.values():
        cells[(actor.stance, actor.power)].append(actor)

    dots: list[GridDot] = []
    bubbles: list[GridBubble] = []
    for (stance, power), members in sorted(cells.items()):
        members.sort(key=order_key)
        if len(members) <= MAX_DOTS:
            for i, actor in enumerate(members):
                x, y = _slot(stance, power, i)
                dots.append(GridDot(actor, data.sector(actor), data.colour(actor), x, y, 7))
            continue
        per_sector = Counter(a.sector_id if a.sector_id in data.sectors else None for a in members)
        groups = sorted(per_sector.items(), key=lambda kv: sector_rank.get(kv[0], (10**9, "")))
        for i, (sector_id, count) in enumerate(groups[:MAX_DOTS]):
            if i == MAX_DOTS - 1 and len(groups) > MAX_DOTS:
                sector_id, count = None, sum(c for _, c in groups[i:])
            x, y = _slot(stance, power, i)
            sec = data.sectors.get(sector_id) if sector_id else None
            radius = min(11.0, 7 + 1.3 * math.log10(count) * 2)
            bubbles.append(
                GridBubble(
                    sec,
                    sec.colour if sec else NO_SECTOR_COLOUR,
                    count,
                    stance,
                    power,
                    x,
                    y,
                    round(radius, 1),
                )
            )

    by_quadrant: dict[str, list[MapActor]] = defaultdict(list)
    for actor in data.actors.values():
        by_quadrant[analysis.grid_quadrant(actor.power, actor.stance)].append(actor)
    cw, ch, left, top = GRID["cell_w"], GRID["cell_h"], GRID["left"], GRID["top"]
    # Quadrant borders follow analysis.grid_quadrant: stance ≥ IN_FAVOUR, power ≥ HIGH_POWER.
    split_x = left + (analysis.IN_FAVOUR + 2) * cw
    split_y = top + (5 - analysis.HIGH_POWER + 1) * ch
    right, bottom = left + 5 * cw, top + 5 * ch
    boxes = {
        "persuade": (left, top, split_x - left, split_y - top, left + 4, top - 10),
        "key_allies": (split_x, top, right - split_x, split_y - top, split_x + 4, top - 10),
        "monitor": (left, split_y, split_x - left, bottom - split_y, left + 4, bottom + 18),
        "mobilise": (split_x, split_y, right - split_x, bottom - split_y, split_x + 4, bottom + 18),
    }
    quadrants = []
    for code in QUADRANT_ORDER:
        members = sorted(by_quadrant[code], key=lambda a: (-a.power, -a.stance, a.name, a.id))
        x, y, w, h, lx, ly = boxes[code]
        quadrants.append(
            GridQuadrant(code, x, y, w, h, lx, ly, members[:QUADRANT_LIST_LIMIT], len(members))
        )
    x_ticks = [
        {"label": Stance(s).label, "x": left + (s + 2.5) * cw, "y": bottom + 40}
        for s in range(-2, 3)
    ]
    y_ticks = [{"value": p, "x": left - 10, "y": top + (5.5 - p) * ch + 4} for p in range(1, 6)]
    return GridChart(
        width=GRID_WIDTH,
        height=GRID_HEIGHT,
        plot={
            "left": left,
            "top": top,
            "right": right,
            "bottom": bottom,
            "width": 5 * cw,
            "height": 5 * ch,
            "split_x": split_x,
            "split_y": split_y,
            "x_title_x": left + 2.5 * cw,
            "x_title_y": bottom + 66,
            "y_title_y": top + 2.5 * ch,
            "columns": [left + i * cw for i in range(1, 5)],
            "rows": [top + i * ch for i in range(1, 5)],
        },
        dots=dots,
        bubbles=bubbles,
        quadrants=quadrants,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        sectors=sorted(data.sectors.values(), key=lambda s: (s.order, s.name)),
        total=len(data.actors),
        map=data,
    )


# --------------------------------------------------------------------------- network

NETWORK_WIDTH = 1000
NETWORK_HEIGHT = 720
NETWORK_MARGIN = 40
NETWORK_LIMIT = 150
LABEL_ALL_UP_TO = 40


@dataclass(frozen=True)
class NetworkNode:
    actor: MapActor
    sector: MapSector | None
    colour: str
    x: float
    y: float
    r: float
    label: bool


@dataclass(frozen=True)
class NetworkEdge:
    source: int
    target: int
    kind: str
    strength: int
    directed: bool
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class NetworkGraph:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    total: int
    matching: int
    ego: MapActor | None
    width: int = NETWORK_WIDTH
    height: int = NETWORK_HEIGHT

    @property
    def truncated(self) -> bool:
        return len(self.nodes) < self.matching


def _layout(graph: nx.Graph) -> dict[int, tuple[float, float]]:
    """Spring layout with a fixed seed, cached by the exact nodes and ties it was made for."""
    if graph.number_of_nodes() == 0:
        return {}
    digest = hashlib.sha1(usedforsecurity=False)
    digest.update(repr(sorted(graph.nodes)).encode())
    digest.update(repr(sorted(graph.edges(data="strength"))).encode())
    key = f"actors:layout:{digest.hexdigest()}"
    positions = cache.get(key)
    if positions is None:
        raw = nx.spring_layout(graph, seed=7, weight="strength", iterations=50)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        inner_w = NETWORK_WIDTH - 2 * NETWORK_MARGIN
        inner_h = NETWORK_HEIGHT - 2 * NETWORK_MARGIN
        positions = {
            node: (
                round(NETWORK_MARGIN + (p[0] - min(xs)) / span_x * inner_w, 1),
                round(NETWORK_MARGIN + (p[1] - min(ys)) / span_y * inner_h, 1),
            )
            for node, p in raw.items()
        }
        if len(positions) == 1:
            positions = {n: (NETWORK_WIDTH / 2, NETWORK_HEIGHT / 2) for n in positions}
        cache.set(key, positions, 24 * 3600)
    return positions


def _node_radius(power: int) -> float:
    return 5 + 2.5 * power


def network_data(
    team,
    *,
    sector: int | None = None,
    min_strength: int = 1,
    ego: int | None = None,
    hops: int = 1,
    limit: int = NETWORK_LIMIT,
) -> NetworkGraph:
    """Actors and ties to draw: filtered, at most ``limit`` actors, laid out in a box.

    ``ego`` keeps one actor's surroundings within ``hops`` (1 or 2) ties; ``sector``
    keeps that sector's actors (and the ego actor). Above ``limit`` the most powerful,
    then best-connected actors are kept.
    """
    data = actor_map_load(team)
    ties = {
        pair: rel for pair, rel in data.strongest_ties().items() if rel.strength >= min_strength
    }
    graph = nx.Graph()
    graph.add_nodes_from(sorted(data.actors))
    graph.add_edges_from((u, v) for u, v in sorted(ties))
    keep = set(graph.nodes)
    ego_actor = data.actors.get(ego) if ego else None
    if ego_actor is not None:
        keep = set(nx.single_source_shortest_path_length(graph, ego_actor.id, cutoff=hops))
    if sector:
        keep = {a for a in keep if data.actors[a].sector_id == sector}
        if ego_actor is not None:
            keep.add(ego_actor.id)
    matching = len(keep)
    if len(keep) > limit:
        ranked = sorted(
            keep,
            key=lambda a: (
                a != (ego_actor.id if ego_actor else None),
                -data.actors[a].power,
                -graph.degree(a),
                data.actors[a].name,
                a,
            ),
        )
        keep = set(ranked[:limit])
    sub = nx.Graph()
    sub.add_nodes_from(sorted(keep))
    sub.add_edges_from(
        (u, v, {"strength": ties[(u, v)].strength})
        for u, v in sorted(ties)
        if u in keep and v in keep
    )
    positions = _layout(sub)
    label_all = len(keep) <= LABEL_ALL_UP_TO
    nodes = []
    for actor_id in sorted(keep, key=lambda a: (data.actors[a].power, data.actors[a].name, a)):
        actor = data.actors[actor_id]
        x, y = positions[actor_id]
        nodes.append(
            NetworkNode(
                actor,
                data.sector(actor),
                data.colour(actor),
                x,
                y,
                _node_radius(actor.power),
                label_all or actor.power >= 4 or actor_id == (ego_actor and ego_actor.id),
            )
        )
    edges = []
    for u, v in sorted(sub.edges):
        rel = ties[(u, v)]
        directed = rel.kind not in UNDIRECTED_KINDS
        source, target = rel.source, rel.target
        (x1, y1), (x2, y2) = positions[source], positions[target]
        if directed:
            # End the line at the target's rim so the arrow head stays visible.
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            back = _node_radius(data.actors[target].power) + 2
            x2, y2 = (
                round(x2 - (x2 - x1) * back / length, 1),
                round(y2 - (y2 - y1) * back / length, 1),
            )
        edges.append(NetworkEdge(source, target, rel.kind, rel.strength, directed, x1, y1, x2, y2))
    return NetworkGraph(
        nodes=nodes, edges=edges, total=len(data.actors), matching=matching, ego=ego_actor
    )


# --------------------------------------------------------------------------- key persons


@dataclass(frozen=True)
class KeyPersonRow:
    actor: MapActor
    sector: MapSector | None
    colour: str
    result: analysis.KeyPerson


def key_persons_for(team, *, limit: int = 20) -> list[KeyPersonRow]:
    data = actor_map_load(team)
    # Betweenness and communities take seconds on thousands of actors: keep the result
    # until the map changes.
    people = _cached(
        "key_persons",
        data,
        lambda: analysis.key_persons(
            actors=data.nodes(), relations=data.analysis_relations(), limit=limit
        ),
        limit,
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


# --------------------------------------------------------------------------- introductions


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


def introductions_for(team, *, target: int, max_chains: int = 3) -> Introductions | None:
    """Shortest chains from the team's allies to ``target``; None if not an actor of the team."""
    data = actor_map_load(team)
    if target not in data.actors:
        return None
    nodes = data.nodes()
    chains = analysis.introduction_chains(
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


# --------------------------------------------------------------------------- recruitment


@dataclass(frozen=True)
class RecruitmentRow:
    actor: MapActor
    sector: MapSector | None
    colour: str
    step: analysis.RecruitmentStep
    introducer: MapActor | None

    @property
    def pinned(self) -> bool:
        return self.step.reason_code == "team_choice"


def recruitment_for(team) -> list[RecruitmentRow]:
    """The recruitment order with the team's manual positions (``Actor.recruit_rank``)."""
    data = actor_map_load(team)
    return _recruitment_rows(data)


def _recruitment_rows(data: ActorMap) -> list[RecruitmentRow]:
    overrides = {a.id: a.recruit_rank for a in data.actors.values() if a.recruit_rank}
    steps = _cached(
        "recruitment",
        data,
        lambda: analysis.recruitment_order(
            actors=data.nodes(), relations=data.analysis_relations(), overrides=overrides
        ),
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


class RecruitmentMoveError(ValueError):
    pass


@transaction.atomic
def recruit_rank_move(*, team, actor_id: int, action: str, rank: int | None = None) -> int:
    """Move an actor in the recruitment order; returns the requested rank.

    ``action`` is ``up``, ``down``, ``set`` (to ``rank``) or ``clear`` (back to the
    computed place). Moving up or down swaps with the neighbour; a neighbour the team
    placed by hand keeps a hand-placed rank (the one the actor left).
    """
    data = actor_map_load(team)
    order = [row.actor.id for row in _recruitment_rows(data)]
    if actor_id not in order:
        raise RecruitmentMoveError("not_a_candidate")
    current = order.index(actor_id) + 1
    actors = Actor.objects.filter(team=team)
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
        neighbour = data.actors[order[wanted - 1]]
        if neighbour.recruit_rank is not None:
            actors.filter(pk=neighbour.id).update(recruit_rank=current)
    actors.filter(pk=actor_id).update(recruit_rank=wanted)
    return wanted


def recruit_rank_reset(*, team) -> int:
    """Forget the team's manual positions; returns how many were reset."""
    return Actor.objects.filter(team=team, recruit_rank__isnull=False).update(recruit_rank=None)


# --------------------------------------------------------------------------- pipeline

PIPELINE_CARDS = 40


@dataclass(frozen=True)
class PipelineColumn:
    rung: str
    label: str
    count: int
    actors: list[Actor]
    next_rung: str | None
    next_label: str | None


def pipeline_data(team, *, sector: int | None = None) -> list[PipelineColumn]:
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


def pipeline_move(*, actor: Actor, user, ladder: str) -> Actor:
    """Put an actor on another rung of the ladder (recorded in the actor's history)."""
    if ladder not in Ladder.values:
        raise ValueError(ladder)
    return services.actor_update(actor=actor, user=user, ladder=ladder)
