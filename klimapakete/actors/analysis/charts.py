"""The geometry of the two drawings: the power/interest grid and the network layout."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import reduce
from operator import or_

import networkx as nx
from django.core.cache import cache
from django.db.models import Count, Q

from klimapakete.actors.analysis import algorithms
from klimapakete.actors.analysis.mapdata import (
    MAP,
    NO_SECTOR_COLOUR,
    UNDIRECTED_KINDS,
    MapActor,
    MapRelation,
    MapSector,
    actor_map_load,
    map_actors,
    map_version,
    team_sectors,
    ties_of,
    ties_with_actors,
)
from klimapakete.actors.directory.selectors import quadrant_q
from klimapakete.actors.models import Actor, Sector, Stance
from klimapakete.core import analysis_cache
from klimapakete.core.sorting import by_name
from klimapakete.teams.models import Team

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

# Circles per crowded cell: its largest sectors, the last one counting all others.
MAX_BUBBLES = 3


QUADRANT_ORDER = ("persuade", "key_allies", "monitor", "mobilise")


# Sectors named in the legend (the drawing's colours); more are counted, not listed.
LEGEND_SECTORS = 20

# Actors listed per quadrant under the grid; the rest is a link to the filtered list.
QUADRANT_LIST_LIMIT = 8


@dataclass(frozen=True)
class GridDot:
    actor: Actor
    sector: Sector | None
    colour: str
    x: float
    y: float
    r: float


@dataclass(frozen=True)
class GridBubble:
    """Several actors of one sector on the same stance and power, drawn as one count."""

    sector: Sector | None
    colour: str
    count: int
    stance: int
    power: int
    x: float
    y: float
    r: float
    others: bool = False  # the actors of the cell's remaining sectors

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
    actors: list[Actor]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.actors)


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
    sectors: list[Sector]
    total: int

    @property
    def legend(self) -> list[Sector]:
        return self.sectors[:LEGEND_SECTORS]

    @property
    def legend_more(self) -> int:
        return max(len(self.sectors) - LEGEND_SECTORS, 0)


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


def _colour(sector) -> str:
    return sector.colour if sector else NO_SECTOR_COLOUR


def grid_data(team, *, sector: int | None = None, kind: str = "") -> GridChart:
    """The power/stance grid: dots where a cell has room, count bubbles per sector where not.

    A fixed number of queries that do not load the whole team: the counts per cell and
    sector (one aggregate), the actors of the cells drawn as dots (at most ``MAX_DOTS``
    per cell), and the first ``QUADRANT_LIST_LIMIT`` actors of each quadrant.
    """
    sectors = {s.pk: s for s in team.sectors.order_by("order", "name")}
    if sector not in sectors:
        sector = None
    actors = Actor.objects.filter(team=team)
    if sector:
        actors = actors.filter(sector_id=sector)
    if kind:
        actors = actors.filter(kind=kind)
    sector_rank = {s.pk: (s.order, s.name) for s in sectors.values()}
    # stance and power are validated to -2..2 and 1..5; clamp what older data may hold.
    cells: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for stance, power, sector_id, count in (
        actors.order_by()
        .values_list("stance", "power", "sector_id")
        .annotate(n=Count("id"))
        .values_list("stance", "power", "sector_id", "n")
    ):
        key = (min(max(stance, -2), 2), min(max(power, 1), 5))
        cells[key][sector_id if sector_id in sectors else None] += count

    small = [cell for cell, per_sector in cells.items() if sum(per_sector.values()) <= MAX_DOTS]
    members: dict[tuple[int, int], list[Actor]] = defaultdict(list)
    # Always one query, also without a small cell (the page's number of queries must not
    # depend on the data): a primary key is never NULL, so that term selects nothing.
    wanted = reduce(or_, (Q(stance=s, power=p) for s, p in small), Q(pk__isnull=True))
    for actor in (
        actors.filter(wanted)
        .select_related("sector")
        .only("id", "name", "stance", "power", "sector__name", "sector__colour", "sector__order")
    ):
        members[(actor.stance, actor.power)].append(actor)

    def order_key(a: Actor):
        return (sector_rank.get(a.sector_id, (10**9, "")), a.name, a.id)

    dots: list[GridDot] = []
    bubbles: list[GridBubble] = []
    for (stance, power), per_sector in sorted(cells.items()):
        if (stance, power) in members or sum(per_sector.values()) <= MAX_DOTS:
            for i, actor in enumerate(sorted(members[(stance, power)], key=order_key)):
                x, y = _slot(stance, power, i)
                dots.append(GridDot(actor, actor.sector, _colour(actor.sector), x, y, 7))
            continue
        # The largest sectors of the cell, the rest in one circle without a sector.
        groups = sorted(
            per_sector.items(), key=lambda kv: (-kv[1], sector_rank.get(kv[0], (10**9, "")))
        )
        for i, (sector_id, count) in enumerate(groups[:MAX_BUBBLES]):
            others = i == MAX_BUBBLES - 1 and len(groups) > MAX_BUBBLES
            if others:
                sector_id, count = None, sum(c for _, c in groups[i:])
            x, y = _slot(stance, power, i)
            sec = sectors.get(sector_id) if sector_id else None
            radius = min(11.0, 7 + 1.3 * math.log10(count) * 2)
            bubbles.append(
                GridBubble(sec, _colour(sec), count, stance, power, x, y, round(radius, 1), others)
            )

    totals: Counter = Counter()
    for (stance, power), per_sector in cells.items():
        totals[algorithms.grid_quadrant(power, stance)] += sum(per_sector.values())
    cw, ch, left, top = GRID["cell_w"], GRID["cell_h"], GRID["left"], GRID["top"]
    # Quadrant borders follow algorithms.grid_quadrant: stance ≥ IN_FAVOUR, power ≥ HIGH_POWER.
    split_x = left + (algorithms.IN_FAVOUR + 2) * cw
    split_y = top + (5 - algorithms.HIGH_POWER + 1) * ch
    right, bottom = left + 5 * cw, top + 5 * ch
    boxes = {
        "persuade": (left, top, split_x - left, split_y - top, left + 4, top - 10),
        "key_allies": (split_x, top, right - split_x, split_y - top, split_x + 4, top - 10),
        "monitor": (left, split_y, split_x - left, bottom - split_y, left + 4, bottom + 18),
        "mobilise": (split_x, split_y, right - split_x, bottom - split_y, split_x + 4, bottom + 18),
    }
    listed = actors.select_related("sector").only(
        "id", "name", "stance", "power", "sector__name", "sector__colour"
    )
    quadrants = []
    for code in QUADRANT_ORDER:
        x, y, w, h, lx, ly = boxes[code]
        # Also for an empty quadrant: the same queries whatever the data.
        first = list(
            listed.filter(quadrant_q(code)).order_by("-power", "-stance", "name", "id")[
                :QUADRANT_LIST_LIMIT
            ]
        )
        quadrants.append(GridQuadrant(code, x, y, w, h, lx, ly, first, totals[code]))
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
        sectors=list(sectors.values()),
        total=sum(totals.values()),
    )


NETWORK_WIDTH = 1000


NETWORK_HEIGHT = 720


NETWORK_MARGIN = 40


# Actors drawn at most (the most powerful and best-connected); an actor or a sector
# filter shows the rest. A drawing of more is neither legible nor cheap to send.
NETWORK_LIMIT = 60


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
    """Spring layout with a fixed seed (the drawing that uses it is cached per version)."""
    if graph.number_of_nodes() == 0:
        return {}
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
    return positions


def _node_radius(power: int) -> float:
    return 5 + 2.5 * power


DEFAULT_NETWORK = {"sector": None, "min_strength": 1, "ego": None, "hops": 1}


def network_data(
    team,
    *,
    sector: int | None = None,
    min_strength: int = 1,
    ego: int | None = None,
    hops: int = 1,
    limit: int = NETWORK_LIMIT,
) -> NetworkGraph | None:
    """The drawing for these filters, computed once per version of the map (shared).

    The whole network (no filter) is laid out by the worker after each change
    (``actors.network``; None while a large team waits for its first layout); a filtered
    view is computed on request and cached for the version."""
    params = (sector, min_strength, ego, hops, limit)
    if params == (*DEFAULT_NETWORK.values(), NETWORK_LIMIT):
        found = network_result(team)
        return found.value if found is not None else None
    key = f"actors:network:{team.pk}:{map_version(team.pk)}:" + "-".join(map(str, params))
    graph = cache.get(key)
    if graph is None:
        graph = _network_part(
            team, sector=sector, min_strength=min_strength, ego=ego, hops=hops, limit=limit
        )
        cache.set(key, graph, 24 * 3600)
    return graph


def network_result(team) -> analysis_cache.Result | None:
    return analysis_cache.result("actors.network", team.pk)


def _whole_network(team_id: int) -> NetworkGraph | None:
    team = Team.objects.filter(pk=team_id).first()
    if team is None:
        return None
    return _network_data(team, **DEFAULT_NETWORK, limit=NETWORK_LIMIT)


def _network_data(
    team,
    *,
    sector: int | None,
    min_strength: int,
    ego: int | None,
    hops: int,
    limit: int,
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
    return _drawing(data.actors, keep, ties, ego_actor, total=len(data.actors), matching=matching)


def _strongest(relations) -> dict[tuple[int, int], MapRelation]:
    best: dict[tuple[int, int], MapRelation] = {}
    for rel in relations:
        pair = (min(rel.source, rel.target), max(rel.source, rel.target))
        if pair not in best or rel.strength > best[pair].strength:
            best[pair] = rel
    return best


def _network_part(
    team,
    *,
    sector: int | None,
    min_strength: int,
    ego: int | None,
    hops: int,
    limit: int,
) -> NetworkGraph:
    """A filtered view, loaded in a fixed number of queries from the part it draws.

    Around an actor: its ties up to ``hops`` (one query per tie), the drawn ``limit``
    chosen among the actors met (the most powerful, then best-connected); one sector
    (or all actors with strong enough ties): its ``limit`` most powerful actors. Then
    the ties among the drawn actors. Never the whole map."""
    sectors = team_sectors(team)
    total = Actor.objects.filter(team=team).count()
    ego_actor = None
    if ego:
        ego_actor = map_actors(Actor.objects.filter(team=team, pk=ego), sectors).get(ego)
    if ego_actor is not None:
        actors = {ego_actor.id: ego_actor}
        met: list[MapRelation] = []
        frontier = {ego_actor.id}
        for _level in range(hops):
            found, ends = ties_with_actors(team, frontier, sectors, min_strength=min_strength)
            met += found
            new = {pk: a for pk, a in ends.items() if pk not in actors}
            actors.update(new)
            frontier = set(new)
        keep = set(actors)
        if sector:
            keep = {a for a in keep if actors[a].sector_id == sector} | {ego_actor.id}
        matching = len(keep)
        if len(keep) > limit:
            degree = Counter(end for pair in _strongest(met) for end in pair)
            ranked = sorted(
                keep,
                key=lambda a: (
                    a != ego_actor.id,
                    -actors[a].power,
                    -degree[a],
                    actors[a].name,
                    a,
                ),
            )
            keep = set(ranked[:limit])
    else:
        qs = Actor.objects.filter(team=team)
        if sector:
            qs = qs.filter(sector_id=sector)
        matching = qs.count()
        actors = map_actors(qs.order_by("-power", by_name(), "id")[:limit], sectors)
        keep = set(actors)
    ties = _strongest(ties_of(team, keep, min_strength=min_strength, among=True))
    return _drawing(actors, keep, ties, ego_actor, total=total, matching=matching)


def _drawing(actors, keep, ties, ego_actor, *, total: int, matching: int) -> NetworkGraph:
    """Lay out the ``keep`` actors of ``actors`` and the ``ties`` among them."""
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
    for actor_id in sorted(keep, key=lambda a: (actors[a].power, actors[a].name, a)):
        actor = actors[actor_id]
        x, y = positions[actor_id]
        nodes.append(
            NetworkNode(
                actor,
                actor.sector,
                actor.colour,
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
            back = _node_radius(actors[target].power) + 2
            x2, y2 = (
                round(x2 - (x2 - x1) * back / length, 1),
                round(y2 - (y2 - y1) * back / length, 1),
            )
        edges.append(NetworkEdge(source, target, rel.kind, rel.strength, directed, x1, y1, x2, y2))
    return NetworkGraph(nodes=nodes, edges=edges, total=total, matching=matching, ego=ego_actor)


analysis_cache.register(
    "actors.network",
    MAP,
    _whole_network,
    size=lambda team_id: Actor.objects.filter(team_id=team_id).count(),
)
