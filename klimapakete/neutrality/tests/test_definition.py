from hypothesis import given
from hypothesis import strategies as st

from klimapakete.neutrality.definition import (
    BISKO_SECTORS,
    ROLES,
    SECTORS,
    Boundary,
    Definition,
    definition_from_data,
)


def test_default_is_bisko_with_its_five_sectors():
    definition = Definition()
    assert definition.boundary.bisko_conform
    assert definition.boundary.counted_sectors() == list(BISKO_SECTORS)
    assert set(definition.influence) == set(SECTORS)
    assert all(set(roles) == set(ROLES) for roles in definition.influence.values())


def test_bisko_never_counts_the_extensions_and_local_power_is_not_bisko():
    boundary = Boundary(sectors=["households", "agriculture"])
    assert boundary.counted_sectors() == ["households"]
    assert "agriculture" in boundary.left_out()
    assert Boundary(basis="einfluss", sectors=["agriculture"]).counted_sectors() == ["agriculture"]
    assert not Boundary(electricity="local_green").bisko_conform


def test_influence_summary_puts_the_own_administration_first():
    summary = Definition().influence_summary()
    assert "municipal" in summary["direct"]
    assert "industry" in summary["indirect"]


def test_round_trip():
    definition = Definition(Boundary(basis="einfluss", target_year=2035, sectors=list(SECTORS)))
    definition.influence["industry"]["regulator"] = "direct"
    assert definition_from_data(definition.to_data()) == definition


@given(st.recursive(st.none() | st.text() | st.integers(), lambda c: st.dictionaries(st.text(), c)))
def test_any_stored_data_reads_into_a_valid_definition(junk):
    definition = definition_from_data({"boundary": junk, "influence": junk})
    assert 2000 <= definition.boundary.target_year <= 2100
    assert set(definition.boundary.sectors) <= set(SECTORS)
