"""Power analysis of a team's actor map: key persons, introductions, recruitment and approach.

Pure functions over plain frozen dataclasses (no Django). The actors app builds the
inputs from its models in a service, calls these functions and renders the results.

Every result that a person reads carries a machine-readable ``reason_code`` with
``reason_params``; the web app translates those. ``reason_text`` gives an English line
for logs, the command line and tests.

All graph work uses an *undirected* view of the relations: every relation kind we
record (works for, member of, knows, influences, funds, advises, party colleague, …)
means the two people know each other, which is what introductions and brokerage
need. ``Relation.directed`` is kept for drawing arrows in the network view. Several
relations between the same two actors count as one tie with the strongest strength.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any, NamedTuple

import networkx as nx

LADDER = ("identified", "contacted", "conversation", "supportive", "committed", "active")
# Rungs at which an actor counts as an ally who can introduce the team to others.
ALLY_RUNGS = frozenset({"supportive", "committed", "active"})
# Rungs at which an actor is already won and not part of the recruitment order.
WON_RUNGS = frozenset({"committed", "active"})

RELATION_KINDS = (
    "works_for",
    "member_of",
    "knows",
    "influences",
    "funds",
    "advises",
    "party_colleague",
)

UNIT_KINDS = (
    "council",
    "committee",
    "party_group",
    "mayor",
    "department",
    "climate_office",
    "company",
)


class ActorAnalysisError(ValueError):
    """Inputs the caller has to fix, with a machine-readable ``code`` and ``params``."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ActorAnalysisError(
            "out_of_range",
            f"{name} must be an integer from {low} to {high} (got {value!r}).",
            field=name,
            value=value,
            low=low,
            high=high,
        )


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class ActorNode:
    """One actor (person or organisation) as the analysis sees it.

    ``stance`` runs from -2 (strongly against local climate neutrality) to +2
    (strongly for); ``power`` and ``ease`` (how easy to win) from 1 to 5.
    ``is_team_ally`` marks existing allies and contacts of the team; ``unit_id``
    places the actor in the municipal administration (see :class:`AdminUnit`).
    """

    id: int
    sector: str | None = None
    stance: int = 0
    power: int = 3
    ease: int = 3
    ladder: str = "identified"
    is_team_ally: bool = False
    unit_id: int | None = None

    def __post_init__(self) -> None:
        _check_range("stance", self.stance, -2, 2)
        _check_range("power", self.power, 1, 5)
        _check_range("ease", self.ease, 1, 5)
        if self.ladder not in LADDER:
            raise ActorAnalysisError(
                "unknown_ladder", f"Unknown ladder rung {self.ladder!r}.", value=self.ladder
            )

    @property
    def is_ally(self) -> bool:
        """Whether the actor can already introduce the team to others."""
        return self.is_team_ally or self.ladder in ALLY_RUNGS


@dataclass(frozen=True)
class Relation:
    """A typed tie between two actors; ``strength`` is 1 (weak) to 3 (strong)."""

    source: int
    target: int
    kind: str = "knows"
    strength: int = 2
    directed: bool = False

    def __post_init__(self) -> None:
        _check_range("strength", self.strength, 1, 3)


@dataclass(frozen=True)
class AdminUnit:
    """A part of the municipality: council, committee, party group, mayor, department,
    climate office or municipal company; ``parent_id`` builds the tree."""

    id: int
    kind: str
    name: str = ""
    parent_id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in UNIT_KINDS:
            raise ActorAnalysisError(
                "unknown_unit_kind", f"Unknown unit kind {self.kind!r}.", value=self.kind
            )


# --------------------------------------------------------------------------- reasons

REASON_TEXTS: dict[str, str] = {
    # key persons
    "powerful_bridge": "High power ({power}/5) and the link between {groups} otherwise "
    "separate groups of the network",
    "gatekeeper": "Only link between {parts} otherwise separate parts of the network",
    "bridge": "Links {groups} otherwise separate groups of the network",
    "central": "Many shortest paths in the network run through them",
    "powerful": "High power ({power}/5)",
    "connected": "In the network, known relationships: {degree}",
    "power_only": "Power {power}/5, no known relationships yet",
    # recruitment order
    "team_choice": "Placed here by the team (asked for rank {requested_rank})",
    "already_ally": "Already on our side: ask for a firm commitment",
    "introduction": "Actor {introducer_id} can introduce us (tie strength {strength}/3)",
    "opponent": "Currently against (stance {stance}): approach late, after gaining support",
    "easy": "Easy to win (ease {ease}/5)",
    "sympathetic": "Sympathetic to the cause (stance {stance})",
    "worth_the_effort": "Hard to win but powerful ({power}/5)",
    "remaining": "No introduction yet, neutral: approach once others are won",
    # approach plan for a climate council
    "climate_office": "Works in the climate office: the natural first partner "
    "inside the administration",
    "climate_office_unknown": "Find out who works in the climate office",
    "admin_ally": "Sympathetic person inside the administration",
    "councillor_ally": "Sympathetic councillor: can carry the idea into the council",
    "company_ally": "Sympathetic person in a municipal company",
    "party_group_via_ally": "Party group with a sympathetic member ({members_for} of "
    "{members_total}): ask them to support a motion",
    "party_group_persuade": "Party group without a sympathetic member yet: "
    "win support for a motion",
    "party_group_no_contact": "Party group without a known member: find a contact",
    "mayor": "Mayor's office: approach with the motion and council support behind you",
    "mayor_unknown": "Find out who to approach in the mayor's office",
    "outside_pressure_if_blocked": "If the council route is blocked: build outside pressure "
    "(open letter, citizens' motion) together with this ally",
    "outside_pressure_build": "If the council route is blocked: find allies for outside pressure "
    "(open letter, citizens' motion)",
}


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence for a reason code (the web app translates from the code)."""
    return REASON_TEXTS[code].format(**params)


# --------------------------------------------------------------------------- graph


def _index(actors: Iterable[ActorNode]) -> dict[int, ActorNode]:
    index: dict[int, ActorNode] = {}
    for actor in actors:
        if actor.id in index:
            raise ActorAnalysisError(
                "duplicate_actor", f"Actor {actor.id} appears twice.", actor_id=actor.id
            )
        index[actor.id] = actor
    return index


def _tie_graph(index: Mapping[int, ActorNode], relations: Iterable[Relation]) -> nx.Graph:
    """Undirected graph of ties: ``strength`` (1..3) and ``distance`` (4 - strength)."""
    strongest: dict[tuple[int, int], int] = {}
    for rel in relations:
        for end in (rel.source, rel.target):
            if end not in index:
                raise ActorAnalysisError(
                    "unknown_actor", f"Relation refers to unknown actor {end}.", actor_id=end
                )
        if rel.source == rel.target:
            continue  # a tie to oneself introduces nobody
        pair = (min(rel.source, rel.target), max(rel.source, rel.target))
        strongest[pair] = max(strongest.get(pair, 0), rel.strength)
    graph = nx.Graph()
    # Sorted insertion keeps every networkx traversal, and so every result, deterministic.
    graph.add_nodes_from(sorted(index))
    graph.add_edges_from(
        (u, v, {"strength": s, "distance": 4 - s}) for (u, v), s in sorted(strongest.items())
    )
    return graph


# --------------------------------------------------------------------------- key persons


@dataclass(frozen=True)
class KeyPerson:
    """An actor ranked by power and position in the network.

    ``betweenness`` is the normalised betweenness centrality (share of shortest paths
    through the actor, strong ties counting as shorter). ``bridges_groups`` counts
    the otherwise separate groups the actor connects: their own network community
    plus every other community tied to it only through this actor, or, if larger,
    the number of parts the network falls into without the actor.
    """

    actor_id: int
    score: float
    power: int
    betweenness: float
    bridges_groups: int
    reason_code: str
    reason_params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason_code, self.reason_params)


# Weights of the parts of a key person's score; each part lies in [0, 1].
KEY_PERSON_WEIGHTS = {"power": 0.5, "betweenness": 0.3, "bridges": 0.2}


def key_persons(
    *,
    actors: Sequence[ActorNode],
    relations: Sequence[Relation],
    limit: int = 10,
    exact_up_to: int = 500,
    samples: int = 32,
    seed: int = 0,
) -> list[KeyPerson]:
    """Rank actors by power combined with their position in the network.

    The score (0..1) adds three parts, weighted by :data:`KEY_PERSON_WEIGHTS`:
    power scaled to 0..1; betweenness relative to the most between actor; and
    ``bridges_groups`` (see :class:`KeyPerson`; communities found by the Louvain
    method with a fixed seed) relative to the best bridge. Betweenness is exact for
    networks of up to ``exact_up_to`` actors and estimated from ``samples`` source
    actors (fixed ``seed``) above that. Actors whose removal would split the
    network (articulation points) get the reason ``gatekeeper`` unless power and
    brokerage together explain them better.

    Returns at most ``limit`` key persons, best first (ties: more power, then lower id).
    """
    if limit < 0:
        raise ActorAnalysisError("negative_limit", "limit must not be negative.", limit=limit)
    index = _index(actors)
    if not index or limit == 0:
        return []
    graph = _tie_graph(index, relations)

    n = graph.number_of_nodes()
    if n <= exact_up_to:
        betweenness = nx.betweenness_centrality(
            graph, normalized=True, weight="distance", seed=seed
        )
    else:
        # Large maps: sampled and unweighted (weighted sampling costs about four times as
        # much and barely changes who ranks on top).
        betweenness = nx.betweenness_centrality(
            graph, k=min(samples, n), normalized=True, weight=None, seed=seed
        )
    top_betweenness = max(betweenness.values())

    community_of: dict[int, int] = {}
    communities = nx.community.louvain_communities(graph, weight="strength", seed=seed)
    for number, members in enumerate(communities):
        for member in members:
            community_of[member] = number
    # In the block-cut tree, a vertex in b blocks splits its component into b parts.
    parts = dict.fromkeys(graph.nodes, 1)
    for v, blocks in _blocks_per_vertex(graph).items():
        parts[v] = blocks
    # Ties between each pair of communities, to tell which ones only v connects.
    between: dict[tuple[int, int], int] = {}
    for u, w in graph.edges:
        cu, cw = community_of[u], community_of[w]
        if cu != cw:
            pair = (min(cu, cw), max(cu, cw))
            between[pair] = between.get(pair, 0) + 1
    groups = {
        v: max(parts[v], 1 + _exclusive_communities(graph, community_of, between, v)) for v in graph
    }
    top_groups = max(groups.values())

    people = []
    for actor_id, actor in index.items():
        b_part = betweenness[actor_id] / top_betweenness if top_betweenness > 0 else 0.0
        g_part = (groups[actor_id] - 1) / (top_groups - 1) if top_groups > 1 else 0.0
        score = (
            KEY_PERSON_WEIGHTS["power"] * (actor.power - 1) / 4
            + KEY_PERSON_WEIGHTS["betweenness"] * b_part
            + KEY_PERSON_WEIGHTS["bridges"] * g_part
        )
        code, params = _key_person_reason(
            actor=actor,
            groups=groups[actor_id],
            parts=parts[actor_id],
            degree=graph.degree(actor_id),
            relative_betweenness=b_part,
            sectors=sorted(
                {index[u].sector for u in graph[actor_id] if index[u].sector}
                | ({actor.sector} if actor.sector else set())
            ),
        )
        people.append(
            KeyPerson(
                actor_id=actor_id,
                score=round(score, 6),
                power=actor.power,
                betweenness=betweenness[actor_id],
                bridges_groups=groups[actor_id],
                reason_code=code,
                reason_params=params,
            )
        )
    people.sort(key=lambda p: (-p.score, -p.power, p.actor_id))
    return people[:limit]


def _exclusive_communities(
    graph: nx.Graph, community_of: Mapping[int, int], between: Mapping[tuple[int, int], int], v: int
) -> int:
    """How many other communities are tied to ``v``'s community only through ``v``."""
    own = community_of[v]
    mine: dict[int, int] = {}
    for u in graph[v]:
        if community_of[u] != own:
            mine[community_of[u]] = mine.get(community_of[u], 0) + 1
    return sum(1 for c, ties in mine.items() if between[min(own, c), max(own, c)] == ties)


def _blocks_per_vertex(graph: nx.Graph) -> dict[int, int]:
    counts: dict[int, int] = {}
    for block in nx.biconnected_components(graph):
        for v in block:
            counts[v] = counts.get(v, 0) + 1
    return counts


def _key_person_reason(
    *,
    actor: ActorNode,
    groups: int,
    parts: int,
    degree: int,
    relative_betweenness: float,
    sectors: list[str],
) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {
        "power": actor.power,
        "groups": groups,
        "parts": parts,
        "degree": degree,
        "sectors": sectors,
    }
    if actor.power >= 4 and groups >= 2:
        return "powerful_bridge", params
    if parts >= 2:
        return "gatekeeper", params
    if groups >= 2:
        return "bridge", params
    if actor.power >= 4:
        return "powerful", params
    if relative_betweenness >= 0.5:
        return "central", params
    if degree > 0:
        return "connected", params
    return "power_only", params


# --------------------------------------------------------------------------- introductions


@dataclass(frozen=True)
class Chain:
    """An introduction chain: ``path`` runs from an ally to the target actor.

    ``weakest_strength`` is the strength (1..3) of the weakest tie on the way.
    """

    path: tuple[int, ...]
    weakest_strength: int

    @property
    def hops(self) -> int:
        """Number of introductions needed (ties on the path)."""
        return len(self.path) - 1


def introduction_chains(
    *,
    actors: Sequence[ActorNode],
    relations: Sequence[Relation],
    target: int,
    max_chains: int = 3,
    max_length: int = 4,
) -> list[Chain]:
    """The shortest chains from the team's allies to ``target``.

    Allies are actors with ``is_team_ally`` or on the ladder at supportive or above.
    A chain starts at an ally, passes only through non-allies (a chain through a
    second ally would be longer than starting there) and has at most ``max_length``
    ties. Chains are shortest first; among equally short chains the one with the
    stronger ties (larger sum of strengths, then stronger weakest tie) comes first.
    No two chains share their first hop (the pair ally → first contact), so each
    one is a real alternative; each is the best chain for its first hop.

    Returns an empty list when the target is unreachable within ``max_length`` or
    is an ally already.
    """
    if max_chains < 1 or max_length < 1:
        raise ActorAnalysisError(
            "bad_chain_limits",
            "max_chains and max_length must be at least 1.",
            max_chains=max_chains,
            max_length=max_length,
        )
    index = _index(actors)
    if target not in index:
        raise ActorAnalysisError("unknown_actor", f"Unknown target {target}.", actor_id=target)
    graph = _tie_graph(index, relations)
    allies = {a.id for a in index.values() if a.is_ally}
    return _chains(graph, allies, target, max_chains=max_chains, max_length=max_length)


def _chains(
    graph: nx.Graph, allies: set[int], target: int, *, max_chains: int, max_length: int
) -> list[Chain]:
    if target in allies:
        return []
    # Each tie costs `hop` plus a penalty 0..2 for weakness. With hop > 2 * max_length
    # any chain within the length limit with fewer ties is cheaper, so the cost orders
    # by length first and by tie strength second.
    hop = 2 * max_length + 1

    def cost(_u: int, v: int, data: dict[str, Any]) -> int | None:
        # Returning None hides the tie: allies may only start a chain.
        return None if v in allies else hop + 3 - data["strength"]

    rest = max_length - 1
    dist, paths = nx.single_source_dijkstra(graph, target, cutoff=rest * (hop + 2), weight=cost)
    candidates = []
    for ally in sorted(allies):
        for contact, data in graph[ally].items():
            if contact in allies or contact not in dist:
                continue
            path = (ally, *reversed(paths[contact]))
            weakest = min(graph[u][v]["strength"] for u, v in pairwise(path))
            total = hop + 3 - data["strength"] + dist[contact]
            candidates.append((total, -weakest, path))
    candidates.sort()
    return [Chain(path=path, weakest_strength=-w) for _, w, path in candidates[:max_chains]]


# --------------------------------------------------------------------------- recruitment


@dataclass(frozen=True)
class RecruitmentStep:
    """One position in the recruitment order.

    ``score`` (0..1) is the actor's attractiveness at the moment of this step, given
    the allies won before; ``introducer_id`` is an ally (existing or recruited
    earlier in the order) with the strongest tie to the actor.
    """

    actor_id: int
    rank: int
    score: float
    reason_code: str
    reason_params: dict[str, Any] = field(default_factory=dict)
    introducer_id: int | None = None

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason_code, self.reason_params)


# Weights of the parts of a recruitment score; each part lies in [0, 1].
RECRUITMENT_WEIGHTS = {"ease": 0.4, "stance": 0.3, "introduction": 0.2, "power": 0.1}


def _recruitment_score(actor: ActorNode, tie_strength: int) -> float:
    return round(
        RECRUITMENT_WEIGHTS["ease"] * (actor.ease - 1) / 4
        + RECRUITMENT_WEIGHTS["stance"] * (actor.stance + 2) / 4
        + RECRUITMENT_WEIGHTS["introduction"] * tie_strength / 3
        + RECRUITMENT_WEIGHTS["power"] * (actor.power - 1) / 4,
        6,
    )


def recruitment_order(
    *,
    actors: Sequence[ActorNode],
    relations: Sequence[Relation],
    overrides: Mapping[int, int] | None = None,
) -> list[RecruitmentStep]:
    """The order in which to win actors, from easy to hard.

    Candidates are all actors not yet committed or active. The order is simulated
    step by step: each step takes the candidate with the highest score (ease,
    stance, power and the strongest tie to a current ally, weighted by
    :data:`RECRUITMENT_WEIGHTS`; ties go to the lower id), who then counts as an
    ally and can introduce the next ones. Actors already on the team's side (allies
    who are not yet committed) score the full introduction part.

    ``overrides`` maps actor id → desired rank (1-based), the team's manual
    reordering. Overridden actors are put at their ranks; everyone else keeps their
    computed relative order. Equal requested ranks keep the computed order between
    them and ranks beyond the end mean last. Ids that are not candidates (unknown,
    or committed in the meantime) are ignored. Introducers, scores and reasons are
    then derived along the final order, so an introducer always comes earlier.
    """
    index = _index(actors)
    graph = _tie_graph(index, relations)
    allies = {a.id for a in index.values() if a.is_ally}
    candidates = {a.id for a in index.values() if a.ladder not in WON_RUNGS}

    order = _simulate_recruitment(index, graph, allies, candidates)
    overrides = {
        actor_id: rank for actor_id, rank in (overrides or {}).items() if actor_id in candidates
    }
    for actor_id, rank in overrides.items():
        if rank < 1:
            raise ActorAnalysisError(
                "bad_rank", f"Rank for actor {actor_id} must be at least 1.", actor_id=actor_id
            )
    order = _apply_overrides(order, overrides)

    steps = []
    won = set(allies)
    for rank, actor_id in enumerate(order, start=1):
        actor = index[actor_id]
        introducer, strength = (None, 3) if actor.is_ally else _best_tie(graph, actor_id, won)
        params: dict[str, Any] = {
            "ease": actor.ease,
            "stance": actor.stance,
            "power": actor.power,
            "introducer_id": introducer,
            "strength": strength if introducer is not None else None,
        }
        if actor_id in overrides:
            code = "team_choice"
            params["requested_rank"] = overrides[actor_id]
        elif actor.is_ally:
            code = "already_ally"
        elif actor.stance < 0:
            code = "opponent"
        elif introducer is not None:
            code = "introduction"
        elif actor.ease >= 4:
            code = "easy"
        elif actor.stance >= 1:
            code = "sympathetic"
        elif actor.power >= 4:
            code = "worth_the_effort"
        else:
            code = "remaining"
        steps.append(
            RecruitmentStep(
                actor_id=actor_id,
                rank=rank,
                score=_recruitment_score(actor, strength),
                reason_code=code,
                reason_params=params,
                introducer_id=introducer,
            )
        )
        won.add(actor_id)
    return steps


def _best_tie(graph: nx.Graph, actor_id: int, allies: set[int]) -> tuple[int | None, int]:
    """The ally with the strongest tie to ``actor_id`` (lowest id on ties) and its strength."""
    best: tuple[int, int] | None = None
    for other, data in graph[actor_id].items():
        if other in allies:
            key = (-data["strength"], other)
            if best is None or key < best:
                best = key
    return (None, 0) if best is None else (best[1], -best[0])


def _simulate_recruitment(
    index: Mapping[int, ActorNode], graph: nx.Graph, allies: set[int], candidates: set[int]
) -> list[int]:
    # Scores only grow as allies are won, so a max-heap with lazily dropped stale
    # entries visits every tie once: O((actors + ties) log actors).
    tie = {c: 3 if index[c].is_ally else _best_tie(graph, c, allies)[1] for c in candidates}
    current = {c: _recruitment_score(index[c], tie[c]) for c in candidates}
    heap = [(-score, c) for c, score in current.items()]
    heapq.heapify(heap)
    order: list[int] = []
    done: set[int] = set()
    while heap:
        neg_score, actor_id = heapq.heappop(heap)
        if actor_id in done or -neg_score != current[actor_id]:
            continue
        done.add(actor_id)
        order.append(actor_id)
        for other, data in graph[actor_id].items():
            if other in candidates and other not in done and data["strength"] > tie[other]:
                tie[other] = data["strength"]
                current[other] = _recruitment_score(index[other], tie[other])
                heapq.heappush(heap, (-current[other], other))
    return order


def _apply_overrides(order: list[int], overrides: Mapping[int, int]) -> list[int]:
    position = {actor_id: i for i, actor_id in enumerate(order)}
    result = [a for a in order if a not in overrides]
    last = -1
    for actor_id in sorted(overrides, key=lambda a: (overrides[a], position[a])):
        slot = min(max(overrides[actor_id] - 1, last + 1), len(result))
        result.insert(slot, actor_id)
        last = slot
    return result


# --------------------------------------------------------------------------- grid

# Classic power/interest grid: the quadrant code and what the team does there.
QUADRANTS: dict[str, dict[str, str]] = {
    "key_allies": {
        "action": "manage_closely",
        "text": "High power, in favour: involve closely, give them a role, ask them to champion",
    },
    "persuade": {
        "action": "keep_satisfied",
        "text": "High power, neutral or against: learn their interests, reach them through "
        "people they trust, keep them satisfied and avoid turning them into opponents",
    },
    "mobilise": {
        "action": "keep_informed",
        "text": "Less power, in favour: keep informed, bring into the alliance, "
        "give them tasks — together they add up",
    },
    "monitor": {
        "action": "monitor",
        "text": "Less power, neutral or against: little effort, inform now and then, "
        "watch for changes",
    },
}
HIGH_POWER = 3  # power 3..5 counts as high (the upper half of the scale, middle included)
IN_FAVOUR = 1  # stance +1 and +2 count as in favour


def grid_quadrant(power: int, stance: int) -> str:
    """The power/interest grid quadrant of an actor (a key of :data:`QUADRANTS`).

    ``key_allies`` (high power, in favour): manage closely.
    ``persuade`` (high power, neutral or against): keep satisfied, win over.
    ``mobilise`` (less power, in favour): keep informed, activate.
    ``monitor`` (less power, neutral or against): monitor with little effort.
    """
    _check_range("power", power, 1, 5)
    _check_range("stance", stance, -2, 2)
    if power >= HIGH_POWER:
        return "key_allies" if stance >= IN_FAVOUR else "persuade"
    return "mobilise" if stance >= IN_FAVOUR else "monitor"


# --------------------------------------------------------------------------- approach plan


@dataclass(frozen=True)
class ApproachStep:
    """One step of the approach plan for a climate council.

    ``phase`` is one of ``inside_allies``, ``motion``, ``mayor``, ``outside_pressure``.
    ``actor_id`` is ``None`` when the team first has to find a contact in ``unit_id``.
    ``via`` is an introduction chain from an ally to the actor (empty if the actor
    is an ally, not reachable, or no actor is known).
    """

    rank: int
    phase: str
    reason_code: str
    reason_params: dict[str, Any] = field(default_factory=dict)
    actor_id: int | None = None
    unit_id: int | None = None
    via: tuple[int, ...] = ()

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason_code, self.reason_params)


APPROACH_PHASES = ("inside_allies", "motion", "mayor", "outside_pressure")
_INSIDE_ORDER = {"climate_office": 0, "department": 1, "council": 2, "committee": 2}
_INSIDE_ORDER |= {"party_group": 2, "company": 3}
_INSIDE_CODES = {"department": "admin_ally", "council": "councillor_ally"}
_INSIDE_CODES |= {"committee": "councillor_ally", "party_group": "councillor_ally"}
_INSIDE_CODES |= {"company": "company_ally", "climate_office": "climate_office"}


def approach_plan(
    *,
    units: Sequence[AdminUnit],
    actors: Sequence[ActorNode],
    relations: Sequence[Relation],
    max_outside: int = 5,
    max_length: int = 4,
) -> list[ApproachStep]:
    """An ordered list of whom to approach to establish a climate council.

    The order follows organizing practice (LocalZero material):

    1. ``inside_allies`` — everyone in the climate office, then sympathetic people
       (stance ≥ +1 or already allies) in departments, the council and its
       committees and party groups, then in municipal companies. A climate office
       without known people becomes a "find a contact" step.
    2. ``motion`` — each party group, to support a council motion, through its most
       favourable member (stance, then power, then ease); groups with a sympathetic
       member first, then by the number of sympathetic members and the contact's power.
    3. ``mayor`` — the most powerful person in the mayor's office.
    4. ``outside_pressure`` — for when the route is blocked: up to ``max_outside``
       sympathetic actors outside the administration (no ``unit_id``), by power.

    Within a phase, ties go to more power, then the lower id. Everyone approached
    with a sympathetic stance counts as an ally for the introduction chains (``via``,
    at most ``max_length`` ties) of the later steps.
    """
    units_by_id = {u.id: u for u in units}
    if len(units_by_id) != len(units):
        raise ActorAnalysisError("duplicate_unit", "A unit appears twice.")
    for unit in units:
        if unit.parent_id is not None and unit.parent_id not in units_by_id:
            raise ActorAnalysisError(
                "unknown_unit", f"Unknown parent unit {unit.parent_id}.", unit_id=unit.parent_id
            )
    index = _index(actors)
    for actor in index.values():
        if actor.unit_id is not None and actor.unit_id not in units_by_id:
            raise ActorAnalysisError(
                "unknown_unit",
                f"Actor {actor.id} is in unknown unit {actor.unit_id}.",
                unit_id=actor.unit_id,
            )
    graph = _tie_graph(index, relations)
    allies = {a.id for a in index.values() if a.is_ally}
    members: dict[int, list[ActorNode]] = {u: [] for u in units_by_id}
    for actor in index.values():
        if actor.unit_id is not None:
            members[actor.unit_id].append(actor)

    def kind(actor: ActorNode) -> str | None:
        return None if actor.unit_id is None else units_by_id[actor.unit_id].kind

    def sympathetic(actor: ActorNode) -> bool:
        return actor.stance >= 1 or actor.is_ally

    def by_power(actor: ActorNode) -> tuple[int, int]:
        return (-actor.power, actor.id)

    steps: list[ApproachStep] = []

    def add(phase: str, code: str, actor: ActorNode | None, unit_id: int | None, **params):
        via: tuple[int, ...] = ()
        if actor is not None:
            params.setdefault("stance", actor.stance)
            params.setdefault("power", actor.power)
            if actor.id not in allies:
                chains = _chains(graph, allies, actor.id, max_chains=1, max_length=max_length)
                via = chains[0].path if chains else ()
            if sympathetic(actor):
                allies.add(actor.id)
        if unit_id is not None:
            params.setdefault("unit_name", units_by_id[unit_id].name)
        steps.append(
            ApproachStep(
                rank=len(steps) + 1,
                phase=phase,
                reason_code=code,
                reason_params=params,
                actor_id=None if actor is None else actor.id,
                unit_id=unit_id,
                via=via,
            )
        )

    # 1. Allies inside the administration and council.
    inside = [
        a
        for a in index.values()
        if kind(a) in _INSIDE_ORDER and (kind(a) == "climate_office" or sympathetic(a))
    ]
    inside.sort(key=lambda a: (_INSIDE_ORDER[kind(a)], -a.stance, *by_power(a)))
    for unit in sorted(units_by_id.values(), key=lambda u: u.id):
        if unit.kind == "climate_office" and not members[unit.id]:
            add("inside_allies", "climate_office_unknown", None, unit.id)
    for actor in inside:
        add("inside_allies", _INSIDE_CODES[kind(actor)], actor, actor.unit_id)

    # 2. Party groups, for a motion in the council.
    groups = []
    for unit in units_by_id.values():
        if unit.kind != "party_group":
            continue
        people = members[unit.id]
        friendly = sum(1 for a in people if sympathetic(a))
        contact = min(people, key=lambda a: (-a.stance, -a.power, -a.ease, a.id), default=None)
        groups.append((unit, contact, friendly, len(people)))
    groups.sort(
        key=lambda g: (
            g[1] is None,
            -g[2],
            -(g[1].stance if g[1] else 0),
            -(g[1].power if g[1] else 0),
            g[0].id,
        )
    )
    for unit, contact, friendly, total in groups:
        if contact is None:
            code = "party_group_no_contact"
        elif friendly:
            code = "party_group_via_ally"
        else:
            code = "party_group_persuade"
        add("motion", code, contact, unit.id, members_for=friendly, members_total=total)

    # 3. The mayor's office.
    mayor_units = sorted((u for u in units_by_id.values() if u.kind == "mayor"), key=lambda u: u.id)
    in_mayor_office = sorted((a for u in mayor_units for a in members[u.id]), key=by_power)
    if in_mayor_office:
        add("mayor", "mayor", in_mayor_office[0], in_mayor_office[0].unit_id)
    elif mayor_units:
        add("mayor", "mayor_unknown", None, mayor_units[0].id)

    # 4. Outside pressure, if the route through council and administration is blocked.
    outside = sorted(
        (a for a in index.values() if a.unit_id is None and sympathetic(a)), key=by_power
    )
    for actor in outside[:max_outside]:
        add("outside_pressure", "outside_pressure_if_blocked", actor, None)
    if not outside:
        add("outside_pressure", "outside_pressure_build", None, None)
    return steps


# --------------------------------------------------------------------------- cold ties


class Overdue(NamedTuple):
    """An actor whose contact rhythm is exceeded by ``days_overdue`` days."""

    actor_id: int
    days_overdue: int


def cold_relationships(
    *,
    last_contact: Mapping[int, date | None],
    rhythm_days: Mapping[int, int],
    today: date,
) -> list[Overdue]:
    """Relationships going cold: no contact for longer than the desired rhythm.

    Only actors with a rhythm are checked. An actor is overdue when more than
    ``rhythm_days`` days have passed since the last contact; ``days_overdue`` is the
    excess. Actors never contacted (``None`` or missing in ``last_contact``) have no
    relationship that could go cold and are not listed — pass the date an actor was
    added instead if new actors should count. Most overdue first, then by id.
    """
    result = []
    for actor_id, rhythm in rhythm_days.items():
        if rhythm < 1:
            raise ActorAnalysisError(
                "bad_rhythm",
                f"Contact rhythm of actor {actor_id} must be at least one day.",
                actor_id=actor_id,
            )
        last = last_contact.get(actor_id)
        if last is None:
            continue
        overdue = (today - last).days - rhythm
        if overdue > 0:
            result.append(Overdue(actor_id, overdue))
    result.sort(key=lambda o: (-o.days_overdue, o.actor_id))
    return result
