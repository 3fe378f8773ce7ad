"""Property-based tests of the power analysis, checked against networkx and brute force."""

from datetime import date, timedelta
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from klimapakete.actors.analysis.algorithms import (
    LADDER,
    QUADRANTS,
    WON_RUNGS,
    ActorNode,
    AdminUnit,
    Relation,
    approach_plan,
    cold_relationships,
    grid_quadrant,
    introduction_chains,
    key_persons,
    recruitment_order,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw, min_size=1, max_size=12, dense=False):
    n = draw(st.integers(min_size, max_size))
    actors = [
        ActorNode(
            id=i * 7 + 3,  # ids need not be 0..n-1
            sector=draw(st.sampled_from([None, "business", "council", "citizens"])),
            stance=draw(st.integers(-2, 2)),
            power=draw(st.integers(1, 5)),
            ease=draw(st.integers(1, 5)),
            ladder=draw(st.sampled_from(LADDER)),
            is_team_ally=draw(st.booleans()),
        )
        for i in range(n)
    ]
    ids = [a.id for a in actors]
    # Self-ties and repeated ties between the same pair are allowed on purpose.
    relations = draw(
        st.lists(
            st.builds(
                Relation,
                source=st.sampled_from(ids),
                target=st.sampled_from(ids),
                kind=st.sampled_from(["knows", "works_for", "influences"]),
                strength=st.integers(1, 3),
                directed=st.booleans(),
            ),
            min_size=2 * n if dense else 0,
            max_size=3 * n,
        )
    )
    if dense:  # one or two allies, so that chains exist and are often long
        allies = draw(st.integers(1, 2))
        actors = [
            ActorNode(a.id, is_team_ally=True) if i < allies else ActorNode(a.id)
            for i, a in enumerate(actors)
        ]
    return actors, relations


def reference_graph(actors, relations):
    """The tie graph as the tests understand it: undirected, strongest tie per pair."""
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in actors)
    for r in relations:
        if r.source != r.target:
            old = (
                graph.edges[r.source, r.target]["strength"]
                if graph.has_edge(r.source, r.target)
                else 0
            )
            graph.add_edge(r.source, r.target, strength=max(old, r.strength))
    return graph


def allies_of(actors):
    return {a.id for a in actors if a.is_team_ally or a.ladder in {"supportive", *WON_RUNGS}}


# --------------------------------------------------------------------------- chains


@SETTINGS
@given(networks(), st.data(), st.integers(1, 4), st.integers(1, 5))
def test_chains_are_shortest_real_paths_from_allies(network, data, max_chains, max_length):
    actors, relations = network
    target = data.draw(st.sampled_from([a.id for a in actors]))
    chains = introduction_chains(
        actors=actors,
        relations=relations,
        target=target,
        max_chains=max_chains,
        max_length=max_length,
    )
    graph = reference_graph(actors, relations)
    allies = allies_of(actors)

    assert len(chains) <= max_chains
    for chain in chains:
        path = chain.path
        assert path[0] in allies and path[-1] == target
        assert not allies & set(path[1:]), "only the first actor of a chain is an ally"
        assert len(set(path)) == len(path)
        assert 1 <= chain.hops <= max_length
        assert all(graph.has_edge(u, v) for u, v in pairwise(path))
        assert chain.weakest_strength == min(graph[u][v]["strength"] for u, v in pairwise(path))
    assert len({c.path[:2] for c in chains}) == len(chains), "first hops are distinct"
    assert [c.hops for c in chains] == sorted(c.hops for c in chains)

    # No shorter chain exists than the first one; none at all when out of reach.
    distances = [
        nx.shortest_path_length(graph, a, target)
        for a in allies
        if nx.has_path(graph, a, target) and a != target
    ]
    if target in allies or not distances or min(distances) > max_length:
        assert chains == []
    else:
        assert chains[0].hops == min(distances)

    # Each chain is the shortest for its first hop, and no usable first hop is left out.
    outsiders = graph.subgraph(set(graph) - allies)
    rest = {}
    if target not in allies:
        rest = nx.single_source_shortest_path_length(outsiders, target, cutoff=max_length - 1)
    usable = {(a, b) for a in allies for b in graph[a] if b in rest}
    assert len(chains) == min(max_chains, len(usable))
    for chain in chains:
        assert chain.hops == 1 + rest[chain.path[1]]


@SETTINGS
@given(networks(min_size=3, max_size=8, dense=True), st.data())
def test_the_first_chain_has_the_strongest_ties_among_the_shortest(network, data):
    actors, relations = network
    allies = allies_of(actors)
    target = data.draw(st.sampled_from([a.id for a in actors if a.id not in allies] or [0]))
    assume(target != 0)
    chains = introduction_chains(actors=actors, relations=relations, target=target)
    assume(chains)
    graph = reference_graph(actors, relations)
    shortest = [
        path
        for a in allies
        for path in nx.all_simple_paths(graph, a, target, cutoff=chains[0].hops)
        if len(path) - 1 == chains[0].hops and not allies & set(path[1:])
    ]
    best = max(sum(graph[u][v]["strength"] for u, v in pairwise(p)) for p in shortest)
    first = chains[0].path
    assert sum(graph[u][v]["strength"] for u, v in pairwise(first)) == best


# --------------------------------------------------------------------------- recruitment


def recruitment_score(actor, tie):
    return round(
        0.4 * (actor.ease - 1) / 4
        + 0.3 * (actor.stance + 2) / 4
        + 0.2 * tie / 3
        + 0.1 * (actor.power - 1) / 4,
        6,
    )


@SETTINGS
@given(networks())
def test_recruitment_wins_greedily_from_easy_to_hard(network):
    actors, relations = network
    steps = recruitment_order(actors=actors, relations=relations)
    graph = reference_graph(actors, relations)
    by_id = {a.id: a for a in actors}
    candidates = {a.id for a in actors if a.ladder not in WON_RUNGS}
    assert sorted(s.actor_id for s in steps) == sorted(candidates)
    assert [s.rank for s in steps] == list(range(1, len(steps) + 1))

    won = allies_of(actors)
    remaining = set(candidates)

    def tie(actor_id):
        if by_id[actor_id].is_ally:
            return 3
        return max((graph[actor_id][o]["strength"] for o in graph[actor_id] if o in won), default=0)

    for step in steps:
        # Brute force: nobody left would have scored higher at this moment.
        scores = {c: recruitment_score(by_id[c], tie(c)) for c in remaining}
        assert step.score == scores[step.actor_id] == max(scores.values())
        if step.introducer_id is not None:
            assert step.introducer_id in won
            assert graph.has_edge(step.actor_id, step.introducer_id)
        remaining.discard(step.actor_id)
        won.add(step.actor_id)


@SETTINGS
@given(networks(), st.data())
def test_overrides_put_actors_at_the_requested_rank_and_keep_the_rest_stable(network, data):
    actors, relations = network
    plain = [s.actor_id for s in recruitment_order(actors=actors, relations=relations)]
    assume(plain)
    moved = data.draw(st.lists(st.sampled_from(plain), unique=True))
    ranks = data.draw(
        st.lists(st.integers(1, len(plain)), min_size=len(moved), max_size=len(moved), unique=True)
    )
    overrides = dict(zip(moved, ranks, strict=True))
    steps = recruitment_order(actors=actors, relations=relations, overrides=overrides)
    order = [s.actor_id for s in steps]

    assert sorted(order) == sorted(plain)
    for actor_id, rank in overrides.items():
        assert order[rank - 1] == actor_id
        assert steps[rank - 1].reason_code == "team_choice"
    assert [a for a in order if a not in overrides] == [a for a in plain if a not in overrides]
    won = allies_of(actors)
    for step in steps:
        assert step.introducer_id is None or step.introducer_id in won
        won.add(step.actor_id)


@SETTINGS
@given(networks(), st.dictionaries(st.integers(0, 100), st.integers(1, 30)))
def test_any_overrides_still_give_a_permutation(network, overrides):
    actors, relations = network
    plain = [s.actor_id for s in recruitment_order(actors=actors, relations=relations)]
    steps = recruitment_order(actors=actors, relations=relations, overrides=overrides)
    order = [s.actor_id for s in steps]
    assert sorted(order) == sorted(plain)
    assert [a for a in order if a not in overrides] == [a for a in plain if a not in overrides]


# --------------------------------------------------------------------------- key persons


@SETTINGS
@given(networks(), st.integers(0, 15))
def test_key_persons_are_sorted_limited_and_the_true_top(network, limit):
    actors, relations = network
    people = key_persons(actors=actors, relations=relations, limit=limit)
    everyone = key_persons(actors=actors, relations=relations, limit=len(actors))
    assert len(people) == min(limit, len(actors))
    assert people == everyone[:limit]
    keys = [(-p.score, -p.power, p.actor_id) for p in everyone]
    assert keys == sorted(keys)
    assert sorted(p.actor_id for p in everyone) == sorted(a.id for a in actors)
    by_id = {a.id: a for a in actors}
    for p in everyone:
        assert 0 <= p.score <= 1
        assert p.power == by_id[p.actor_id].power
        assert p.bridges_groups >= 1
        assert p.reason_text


@settings(max_examples=30, deadline=None)
@given(networks(min_size=5))
def test_sampled_betweenness_is_reproducible(network):
    actors, relations = network
    kwargs = {"actors": actors, "relations": relations, "exact_up_to": 2, "samples": 3}
    assert key_persons(**kwargs) == key_persons(**kwargs)


# --------------------------------------------------------------------------- grid


@pytest.mark.parametrize("power", range(1, 6))
@pytest.mark.parametrize("stance", range(-2, 3))
def test_grid_quadrants_cover_every_cell(power, stance):
    quadrant = grid_quadrant(power, stance)
    assert quadrant in QUADRANTS
    # Moving up in power or stance never moves an actor away from "key allies".
    if quadrant == "key_allies":
        assert grid_quadrant(min(power + 1, 5), min(stance + 1, 2)) == "key_allies"


# --------------------------------------------------------------------------- approach


@SETTINGS
@given(networks(), st.data())
def test_approach_plan_runs_phase_by_phase(network, data):
    actors, relations = network
    units = [
        AdminUnit(1, "council"),
        AdminUnit(2, "party_group", "A", 1),
        AdminUnit(3, "party_group", "B", 1),
        AdminUnit(4, "mayor"),
        AdminUnit(5, "climate_office", parent_id=4),
        AdminUnit(6, "department", parent_id=4),
        AdminUnit(7, "company"),
    ]
    placed = [
        ActorNode(**{**a.__dict__, "unit_id": data.draw(st.sampled_from([None, *range(1, 8)]))})
        for a in actors
    ]
    plan = approach_plan(units=units, actors=placed, relations=relations)
    phases = ["inside_allies", "motion", "mayor", "outside_pressure"]
    assert [s.rank for s in plan] == list(range(1, len(plan) + 1))
    assert [phases.index(s.phase) for s in plan] == sorted(phases.index(s.phase) for s in plan)
    assert [s.unit_id for s in plan if s.phase == "motion"] in ([2, 3], [3, 2])
    graph = reference_graph(actors, relations)
    for step in plan:
        assert step.reason_text
        if step.via:
            assert step.via[-1] == step.actor_id
            assert all(graph.has_edge(u, v) for u, v in pairwise(step.via))


# --------------------------------------------------------------------------- cold ties


@SETTINGS
@given(
    st.dictionaries(
        st.integers(0, 20),
        st.tuples(
            st.none() | st.integers(1, 120),  # rhythm
            st.none() | st.integers(-5, 5) | st.integers(-10, 400),  # days since, near rhythm
        ),
    )
)
def test_cold_relationships_match_brute_force(entries):
    today = date(2025, 6, 30)
    rhythms = {a: r for a, (r, _) in entries.items() if r is not None}
    last_contact = {}
    for actor_id, (rhythm, days) in entries.items():
        if days is not None:
            near = rhythm if rhythm is not None and -5 <= days <= 5 else 0
            last_contact[actor_id] = today - timedelta(days=near + days)
    cold = cold_relationships(last_contact=last_contact, rhythm_days=rhythms, today=today)
    expected = []
    for actor_id, rhythm in rhythms.items():
        last = last_contact.get(actor_id)
        if last is not None and (today - last).days > rhythm:
            expected.append((actor_id, (today - last).days - rhythm))
    assert sorted(cold) == sorted(expected)
    assert cold == sorted(cold, key=lambda o: (-o.days_overdue, o.actor_id))
