"""The profile: starting points from real councils, JSON round trip, impossible combinations."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.council.profile import (
    ALLOWANCES,
    CHAIRS,
    MAJORITIES,
    MOTION_MODES,
    QUORUMS,
    ROUTES,
    TASKS,
    Profile,
    SeatGroup,
    blank_profile,
    meetings_from_text,
    profile_from_data,
    profile_from_reference,
    profile_problems,
    profile_to_data,
    profile_warnings,
)
from klimapakete.council.rules import all_references, council_rules, rules_for
from klimapakete.legal.model import SEAT_GROUPS, Fact, Status
from klimapakete.packages.content import Text


def codes(problems) -> list[str]:
    return [code for code, _params in problems]


def good(**changes) -> Profile:
    base = blank_profile(town="Stadt Musterstadt", party_groups=4)
    return replace(base, **changes)


NW = rules_for("NW")


def test_a_blank_profile_has_no_problem():
    assert profile_problems(good(), NW) == []


def test_munich_starts_as_a_statute_with_its_consultation_deadline():
    munich = profile_from_reference(all_references()["muenchen"], town="Stadt Musterstadt")
    assert munich.route == "statute"
    assert (munich.consultation_weeks, munich.consultation_min_days) == (4, 14)
    assert munich.total_seats == 16 and munich.voting_seats == 16
    assert all(seat.deputies for seat in munich.seats)
    assert munich.chair == "mayor" and munich.term_years == 3
    assert profile_problems(munich, NW) == []


def test_muenster_starts_with_six_topic_areas_and_no_deadline():
    muenster = profile_from_reference(all_references()["muenster"], town="Stadt Musterstadt")
    assert muenster.route == "rules"
    assert [s.group for s in muenster.seats] == ["topic_areas"] * 6
    assert muenster.total_seats == 18
    assert not muenster.consultation  # the rules of procedure have none
    assert muenster.meetings_per_year == 6


def test_open_numbers_of_a_reference_stay_open_until_the_team_fills_them():
    augsburg = profile_from_reference(
        all_references()["augsburg"], town="Stadt Musterstadt", party_groups=5
    )
    groups = [s for s in augsburg.seats if s.group == "council_groups"]
    assert groups and groups[0].count is None and groups[0].per_party_group
    assert "seat_count_missing" in codes(profile_problems(augsburg, NW))
    filled = replace(augsburg, seats=tuple(replace(s, count=s.count or 1) for s in augsburg.seats))
    assert profile_problems(filled, NW) == []


def test_bad_duerkheim_starts_with_the_hauptsatzung_route():
    town = profile_from_reference(all_references()["bad-duerkheim"], town="Stadt Musterstadt")
    assert town.route == "hauptsatzung"
    assert town.chair == "council_member"


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"quorum": "number", "quorum_number": 40}, "quorum_too_large"),
        ({"quorum": "number", "quorum_number": 0}, "quorum_zero"),
        ({"quorum": "number", "quorum_number": None}, "quorum_missing"),
        ({"consultation_weeks": 0}, "consultation_weeks_zero"),
        ({"consultation_weeks": None}, "consultation_weeks_zero"),
        ({"consultation_weeks": 2, "consultation_min_days": 15}, "consultation_min_days_too_long"),
        ({"consultation_min_days": 0}, "consultation_min_days_zero"),
        ({"meetings_per_year": 0}, "meetings_zero"),
        ({"meetings_per_year": 30}, "meetings_too_many"),
        ({"term_years": 9}, "term_too_long"),
        ({"name": " "}, "name_missing"),
        ({"town": ""}, "town_missing"),
        ({"tasks": (), "tasks_extra": ""}, "no_tasks"),
        ({"party_groups": None}, "party_groups_missing"),
        ({"seats": ()}, "no_seats"),
        ({"mandate_months": 0}, "mandate_months_zero"),
        ({"budget": -5}, "budget_negative"),
        ({"reason": "x" * 901}, "text_too_long"),
    ],
)
def test_impossible_combinations_are_named(changes, code):
    assert code in codes(profile_problems(good(**changes), NW))


def test_a_council_without_a_voting_seat_cannot_decide():
    advisory = tuple(replace(seat, voting=False) for seat in good().seats)
    assert "no_voting_seat" in codes(profile_problems(good(seats=advisory), NW))


def test_the_quorum_may_equal_the_voting_seats():
    profile = good(quorum="number", quorum_number=good().voting_seats)
    assert profile_problems(profile, NW) == []


def test_switching_the_consultation_off_drops_its_deadline_rules():
    assert profile_problems(good(consultation=False, consultation_weeks=0), NW) == []


def test_a_council_member_as_chair_needs_a_council_seat():
    seats = tuple(s for s in good().seats if s.group != "council_groups")
    problems = codes(profile_problems(good(seats=seats, chair="council_member"), NW))
    assert "chair_needs_council_seat" in problems


def test_too_many_seat_groups_and_seats():
    many = tuple(SeatGroup("other", f"Gruppe {n}", 5) for n in range(13))
    problems = codes(profile_problems(good(seats=many), NW, max_seat_groups=12))
    assert {"too_many_seat_groups", "too_many_seats"} <= set(problems)


# --- the state decides ---------------------------------------------------------------------


def test_in_nrw_a_committee_needs_a_council_majority():
    outsiders = good(route="committee")  # 4 council seats, 9 voting outsiders
    problems = profile_problems(outsiders, NW)
    assert "committee_council_majority" in codes(problems)
    params = dict(problems)["committee_council_majority"]
    assert params["citation"] == "§ 58 Abs. 3 und 4 GO NRW"


def test_in_lower_saxony_co_opted_citizens_only_advise():
    problems = profile_problems(good(route="committee"), rules_for("NI"))
    assert "committee_advisory_only" in codes(problems)
    advisory = tuple(
        s if s.group == "council_groups" else replace(s, voting=False) for s in good().seats
    )
    assert profile_problems(good(route="committee", seats=advisory), rules_for("NI")) == []


def test_a_committee_without_council_seats_is_no_committee():
    seats = tuple(s for s in good().seats if s.group != "council_groups")
    assert "committee_needs_council" in codes(
        profile_problems(good(route="committee", seats=seats), NW)
    )


def _rules_with(code: str, **facts: Fact):
    state = rules_for(code).state
    return council_rules(replace(state, facts={**state.facts, **facts}))


def _fact(key: str, value: str, paragraph: str) -> Fact:
    return Fact(
        key=key,
        status=Status.VERIFIED,
        text=Text("de", "en"),
        checked=date(2026, 1, 1),
        value=value,
        law="TestGO",
        paragraph=paragraph,
    )


def test_a_state_that_requires_the_hauptsatzung_refuses_plain_rules():
    rules = _rules_with("SN", hauptsatzung=_fact("hauptsatzung", "required", "§ 47"))
    problems = profile_problems(good(route="rules"), rules)
    assert dict(problems)["hauptsatzung_required"]["citation"] == "§ 47 TestGO"
    assert profile_problems(good(route="hauptsatzung"), rules) == []


def test_saxony_names_the_advisory_council_in_the_hauptsatzung_per_section_47():
    """The shipped facts: § 47 SächsGemO (not § 43), with a source to read."""
    rules = rules_for("SN")
    basis = rules.known("advisory_council_basis")
    assert basis.paragraph.startswith("§ 47 Abs. 1") and basis.law == "SächsGemO"
    assert any(source.kind == "official" for source in basis.sources)
    problems = dict(profile_problems(good(route="rules"), rules))
    assert problems["hauptsatzung_required"]["citation"] == "§ 47 Abs. 1 Satz 1 SächsGemO"
    assert "hauptsatzung_required" not in codes(profile_problems(good(route="hauptsatzung"), rules))


def test_a_state_without_co_opted_citizens_refuses_the_committee_route():
    rules = _rules_with("BY", coopted_citizens=_fact("coopted_citizens", "none", "Art. 33"))
    assert "committee_not_allowed" in codes(profile_problems(good(route="committee"), rules))


def test_unknown_state_facts_are_warnings_to_check_not_errors():
    bavaria = rules_for("BY")  # co-opted citizens and Hauptsatzung unknown there
    assert not bavaria.known("coopted_citizens")
    committee = tuple(
        s if s.group == "council_groups" else replace(s, voting=False) for s in good().seats
    )
    profile = good(route="committee", seats=committee)
    assert profile_problems(profile, bavaria) == []
    assert "coopted_unknown" in codes(profile_warnings(profile, bavaria))
    assert "hauptsatzung_unknown" in codes(profile_warnings(good(route="hauptsatzung"), bavaria))


def test_city_states_use_their_district_facts():
    berlin = rules_for("BE")
    assert berlin.district
    assert berlin.fact("municipal_code").value == "Bezirksverwaltungsgesetz"
    assert berlin.fact("agenda_setter") is berlin.state.facts["agenda_setter"]


# --- JSON ----------------------------------------------------------------------------------

seat_groups = st.builds(
    SeatGroup,
    group=st.sampled_from(sorted(SEAT_GROUPS)),
    label=st.text(max_size=20),
    count=st.none() | st.integers(0, 40),
    per_party_group=st.booleans(),
    voting=st.booleans(),
    deputies=st.booleans(),
    nominated_by=st.text(max_size=20),
)
profiles = st.builds(
    Profile,
    name=st.text(max_size=30),
    route=st.sampled_from(ROUTES),
    tasks=st.lists(st.sampled_from(TASKS), unique=True).map(tuple),
    seats=st.lists(seat_groups, max_size=6).map(tuple),
    party_groups=st.none() | st.integers(0, 12),
    chair=st.sampled_from(CHAIRS),
    term_years=st.integers(0, 6),
    consultation=st.booleans(),
    consultation_weeks=st.none() | st.integers(0, 12),
    consultation_min_days=st.none() | st.integers(0, 60),
    meetings_per_year=st.none() | st.integers(0, 24),
    public=st.booleans(),
    quorum=st.sampled_from(QUORUMS),
    quorum_number=st.none() | st.integers(0, 60),
    majority=st.sampled_from(MAJORITIES),
    allowance=st.sampled_from(ALLOWANCES),
    budget=st.none() | st.integers(0, 100_000),
    motion_mode=st.sampled_from(MOTION_MODES),
)


@given(profiles)
def test_a_profile_survives_its_json(profile):
    assert profile_from_data(profile_to_data(profile)) == profile


@given(profiles)
def test_problems_never_crash_and_name_known_codes(profile):
    from klimapakete.council.messages import MESSAGES

    for code, _params in profile_problems(profile, NW) + profile_warnings(profile, NW):
        assert code in MESSAGES


def test_old_or_broken_json_falls_back_to_defaults():
    data = profile_to_data(good())
    data.update(route="monarchy", tasks=["advise", "rule"], surprise=1, budget="viel")
    data["seats"].append("not a seat")
    profile = profile_from_data(data)
    assert profile.route == "statute"
    assert profile.tasks == ("advise",)
    assert profile.budget is None
    assert len(profile.seats) == len(good().seats)


@pytest.mark.parametrize(
    ("text", "meetings"),
    [
        ("etwa viermal im Jahr", 4),
        ("sechsmal im Jahr, in der Regel öffentlich", 6),
        ("nach Bedarf, mindestens halbjährlich; grundsätzlich öffentlich", 2),
        ("vierteljährlich", 4),
        ("3 mal jährlich", 3),
        ("nach Bedarf", None),
    ],
)
def test_meeting_rhythm_from_a_reference_text(text, meetings):
    assert meetings_from_text(text) == meetings
