"""The power analysis on Lindenfeld, a small fictitious town: what a team would see."""

from datetime import date

import pytest

from klimapakete.actors.analysis.algorithms import (
    QUADRANTS,
    ActorAnalysisError,
    ActorNode,
    Overdue,
    Relation,
    approach_plan,
    cold_relationships,
    grid_quadrant,
    introduction_chains,
    key_persons,
    reason_text,
    recruitment_order,
)
from klimapakete.actors.tests.analysis_town import (
    ACTORS,
    AYLIN,
    BAKERY,
    CDU,
    CLIMATE_OFFICE,
    EDITOR,
    FRIDAYS,
    GREENS,
    HANS,
    HOUSING,
    IHK,
    JONAS,
    LENA,
    MAYOR,
    MAYOR_WEBER,
    MUELLER,
    PETER,
    RELATIONS,
    SCHOOL,
    SCHULZ,
    SPD,
    UNITS,
)

TOWN = {"actors": ACTORS, "relations": RELATIONS}


def test_the_mayor_is_reached_through_the_green_and_spd_councillors_first():
    chains = introduction_chains(**TOWN, target=MAYOR_WEBER)
    # Two equally short chains; the one over the party colleague tie (strength 3) wins.
    assert [c.path for c in chains] == [(AYLIN, PETER, MAYOR_WEBER), (LENA, JONAS, MAYOR_WEBER)]
    assert [c.weakest_strength for c in chains] == [2, 2]
    assert chains[0].hops == 2


def test_chains_to_the_chamber_of_commerce_prefer_short_then_strong():
    chains = introduction_chains(**TOWN, target=IHK)
    assert [c.path for c in chains] == [
        (AYLIN, PETER, HANS, IHK),
        (FRIDAYS, SCHOOL, BAKERY, IHK),
        (LENA, JONAS, SCHULZ, MUELLER, IHK),
    ]
    assert [c.path for c in introduction_chains(**TOWN, target=IHK, max_length=3)] == [
        (AYLIN, PETER, HANS, IHK),
        (FRIDAYS, SCHOOL, BAKERY, IHK),
    ]
    assert len(introduction_chains(**TOWN, target=IHK, max_chains=1)) == 1


def test_no_chain_to_someone_nobody_knows_or_to_an_ally():
    assert introduction_chains(**TOWN, target=EDITOR) == []
    assert introduction_chains(**TOWN, target=AYLIN) == []


def test_an_unknown_target_is_an_error():
    with pytest.raises(ActorAnalysisError) as error:
        introduction_chains(**TOWN, target=999)
    assert error.value.code == "unknown_actor"


def test_key_persons_put_the_powerful_brokers_first():
    people = key_persons(**TOWN, limit=5)
    assert len(people) == 5
    top = people[0]
    # The chamber of commerce links business, the CDU and the housing company.
    assert top.actor_id == IHK
    assert top.reason_code == "powerful_bridge"
    assert top.bridges_groups >= 2
    assert "High power (4/5)" in top.reason_text
    assert MAYOR_WEBER in [p.actor_id for p in people]
    assert [p.score for p in people] == sorted((p.score for p in people), reverse=True)


def test_an_actor_without_relations_is_ranked_by_power_alone():
    everyone = {p.actor_id: p for p in key_persons(**TOWN, limit=100)}
    editor = everyone[EDITOR]
    assert editor.betweenness == 0
    assert editor.bridges_groups == 1
    assert editor.reason_code == "power_only"
    assert editor.score == pytest.approx(0.5 * (3 - 1) / 4)


def test_a_leaf_makes_its_only_contact_a_gatekeeper():
    actors = [ActorNode(1, power=1), ActorNode(2, power=1), ActorNode(3, power=1)]
    relations = [Relation(1, 2), Relation(2, 3)]
    people = key_persons(actors=actors, relations=relations)
    assert people[0].actor_id == 2
    assert people[0].reason_code == "gatekeeper"
    assert people[0].reason_params["parts"] == 2
    assert people[0].reason_text == "Only link between 2 otherwise separate parts of the network"


def test_recruitment_starts_with_allies_and_uses_each_win():
    steps = recruitment_order(**TOWN)
    order = [s.actor_id for s in steps]
    # Lena (active) and Fridays for Future (committed) are won already.
    assert LENA not in order and FRIDAYS not in order
    assert order[0] == AYLIN
    assert steps[0].reason_code == "already_ally"
    # The climate manager is easy and Lena can introduce him.
    assert steps[1].actor_id == JONAS
    assert steps[1].introducer_id == LENA
    assert steps[1].reason_text == "Actor 1 can introduce us (tie strength 2/3)"
    # The mayor comes after Peter, her party colleague, who introduces her.
    by_id = {s.actor_id: s for s in steps}
    assert by_id[MAYOR_WEBER].introducer_id == PETER
    assert by_id[PETER].rank < by_id[MAYOR_WEBER].rank
    # Opponents come late, and the housing company only through the chamber of commerce.
    assert by_id[HANS].reason_code == by_id[IHK].reason_code == "opponent"
    assert by_id[HOUSING].rank == len(steps)
    assert by_id[HOUSING].introducer_id == IHK


def test_the_team_can_move_an_actor_to_the_front():
    steps = recruitment_order(**TOWN, overrides={MAYOR_WEBER: 1})
    assert steps[0].actor_id == MAYOR_WEBER
    assert steps[0].reason_code == "team_choice"
    assert steps[0].reason_params["requested_rank"] == 1
    # Nobody is won before her now, so nobody can introduce her yet.
    assert steps[0].introducer_id is None
    rest = [s.actor_id for s in steps[1:]]
    assert rest == [s.actor_id for s in recruitment_order(**TOWN) if s.actor_id != MAYOR_WEBER]


def test_approach_plan_for_a_climate_council_follows_organizing_practice():
    plan = approach_plan(units=UNITS, **TOWN)
    assert [s.rank for s in plan] == list(range(1, len(plan) + 1))
    steps = [(s.phase, s.actor_id, s.reason_code) for s in plan]
    assert steps[:4] == [
        ("inside_allies", JONAS, "climate_office"),
        ("inside_allies", SCHULZ, "admin_ally"),
        ("inside_allies", AYLIN, "councillor_ally"),
        ("inside_allies", PETER, "councillor_ally"),
    ]
    assert steps[4:7] == [
        ("motion", AYLIN, "party_group_via_ally"),
        ("motion", PETER, "party_group_via_ally"),
        ("motion", HANS, "party_group_persuade"),
    ]
    assert [s.unit_id for s in plan[4:7]] == [GREENS, SPD, CDU]
    assert steps[7] == ("mayor", MAYOR_WEBER, "mayor")
    assert {s.phase for s in plan[8:]} == {"outside_pressure"}
    assert plan[8].actor_id == LENA
    # The climate manager is introduced by Lena; the mayor through Peter, won in step 4.
    assert plan[0].via == (LENA, JONAS)
    assert plan[7].via == (PETER, MAYOR_WEBER)
    assert plan[0].reason_params["unit_name"] == "Stabsstelle Klimaschutz"


def test_approach_plan_asks_to_find_contacts_where_none_are_known():
    actors = [a for a in ACTORS if a.unit_id not in (CLIMATE_OFFICE, MAYOR)]
    plan = approach_plan(units=UNITS, actors=actors, relations=_between(actors))
    assert (plan[0].reason_code, plan[0].actor_id, plan[0].unit_id) == (
        "climate_office_unknown",
        None,
        CLIMATE_OFFICE,
    )
    mayor = [s for s in plan if s.phase == "mayor"]
    assert [(s.reason_code, s.unit_id) for s in mayor] == [("mayor_unknown", MAYOR)]


def test_approach_plan_rejects_actors_in_unknown_units():
    with pytest.raises(ActorAnalysisError) as error:
        approach_plan(units=[], actors=[ActorNode(1, unit_id=5)], relations=[])
    assert error.value.code == "unknown_unit"


def test_every_grid_cell_has_a_quadrant_with_an_action():
    assert grid_quadrant(5, 2) == "key_allies"
    assert grid_quadrant(4, -2) == "persuade"
    assert grid_quadrant(3, 0) == "persuade"
    assert grid_quadrant(1, 1) == "mobilise"
    assert grid_quadrant(2, 0) == "monitor"
    assert {QUADRANTS[q]["action"] for q in QUADRANTS} == {
        "manage_closely",
        "keep_satisfied",
        "keep_informed",
        "monitor",
    }
    with pytest.raises(ActorAnalysisError):
        grid_quadrant(6, 0)


def test_relationships_go_cold_after_the_rhythm():
    today = date(2025, 6, 30)
    cold = cold_relationships(
        last_contact={
            JONAS: date(2025, 6, 1),  # 29 days, rhythm 14 → 15 days overdue
            PETER: date(2025, 6, 16),  # 14 days, rhythm 14 → just in time
            AYLIN: date(2025, 3, 1),  # 121 days, rhythm 90 → 31 days overdue
            HANS: None,  # never contacted: nothing to go cold
            SCHOOL: date(2024, 1, 1),  # no rhythm set
        },
        rhythm_days={JONAS: 14, PETER: 14, AYLIN: 90, HANS: 30, MAYOR_WEBER: 60},
        today=today,
    )
    assert cold == [Overdue(AYLIN, 31), Overdue(JONAS, 15)]


def test_out_of_range_inputs_are_rejected_with_a_code():
    with pytest.raises(ActorAnalysisError) as error:
        ActorNode(1, stance=3)
    assert (error.value.code, error.value.params["field"]) == ("out_of_range", "stance")
    with pytest.raises(ActorAnalysisError):
        ActorNode(1, ladder="friend")
    with pytest.raises(ActorAnalysisError):
        Relation(1, 2, strength=0)
    with pytest.raises(ActorAnalysisError) as error:
        key_persons(actors=[ActorNode(1)], relations=[Relation(1, 2)])
    assert error.value.code == "unknown_actor"


def test_every_reason_code_has_an_english_text():
    assert reason_text("easy", {"ease": 5}) == "Easy to win (ease 5/5)"


def _between(actors):
    ids = {a.id for a in actors}
    return [r for r in RELATIONS if r.source in ids and r.target in ids]
