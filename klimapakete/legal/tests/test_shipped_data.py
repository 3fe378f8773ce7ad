"""The shipped legal reference files: complete, sourced, dated, honest about unknowns."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from klimapakete.legal import (
    load_references,
    load_selection_law,
    load_states,
    load_supervisory_authorities,
)
from klimapakete.legal.load import CONTENT_DIR
from klimapakete.legal.model import (
    CITY_STATES,
    DISTRICT_FACT_KEYS,
    FEDERAL_STATES,
    STATE_FACT_KEYS,
    Fact,
    SourceKind,
    Status,
)

STATES = load_states()
REFERENCES = load_references()
SELECTION = load_selection_law()
AUTHORITIES = load_supervisory_authorities()


def all_facts() -> list[tuple[str, Fact]]:
    facts = []
    for code, state in STATES.items():
        facts += [(f"{code}.{key}", fact) for key, fact in state.facts.items()]
        if state.district:
            facts += [(f"{code}.district.{k}", f) for k, f in state.district.facts.items()]
    for slug, council in REFERENCES.items():
        facts += [(f"{slug}.{key}", fact) for key, fact in council.facts.items()]
    facts += [(f"selection.{key}", fact) for key, fact in SELECTION.facts.items()]
    return facts


FACTS = all_facts()


def test_all_sixteen_states_are_present_with_every_fact():
    assert set(STATES) == set(FEDERAL_STATES)
    for state in STATES.values():
        assert tuple(state.facts) == STATE_FACT_KEYS, state.code


def test_city_states_describe_their_district_level():
    for code in CITY_STATES:
        district = STATES[code].district
        assert district is not None, code
        assert tuple(district.facts) == DISTRICT_FACT_KEYS
    assert all(STATES[code].district is None for code in set(FEDERAL_STATES) - CITY_STATES)


@pytest.mark.parametrize("where, fact", FACTS, ids=[w for w, _ in FACTS])
def test_every_fact_is_sourced_dated_and_honest(where, fact):
    assert fact.checked.year >= 2026, f"{where}: stale check date"
    if fact.status is Status.UNKNOWN:
        assert not fact.value and fact.note, f"{where}: unknown facts say so explicitly"
        return
    assert fact.sources, f"{where}: a known fact needs a source"
    for source in fact.sources:
        parts = urlsplit(source.url)
        assert parts.scheme == "https" and parts.netloc, f"{where}: {source.url}"
    if fact.legal and fact.status is Status.VERIFIED:
        assert fact.paragraph and fact.paragraph != "unknown", f"{where}: paragraph"
        assert fact.citation, where


def test_verified_legal_facts_were_checked_against_a_text_or_an_official_page():
    for where, fact in FACTS:
        if fact.legal and fact.status is Status.VERIFIED:
            kinds = {source.kind for source in fact.sources}
            assert kinds & {SourceKind.LAW_TEXT, SourceKind.OFFICIAL}, where


def test_no_file_links_over_plain_http():
    for path in CONTENT_DIR.rglob("*.toml"):
        assert not re.search(r'"http://', path.read_text(encoding="utf-8")), path


def test_facts_behind_the_package_corrections_are_verified():
    """The corrections in package B rest on these facts (see the package file's comments)."""
    assert STATES["HE"].fact("agenda_setter").value == "council_chair"
    assert STATES["NW"].fact("agenda_setter").value == "mayor"
    assert STATES["NW"].fact("coopted_citizens").value == "voting"
    assert STATES["NI"].fact("coopted_citizens").value == "advisory"
    assert STATES["BW"].fact("lottery_law").value == "yes"
    for code, key in [
        ("HE", "agenda_setter"),
        ("NW", "coopted_citizens"),
        ("BY", "resident_motion"),
    ]:
        assert STATES[code].fact(key).status is Status.VERIFIED, (code, key)


def test_the_four_reference_councils_are_there():
    assert set(REFERENCES) == {"muenchen", "muenster", "augsburg", "bad-duerkheim"}
    munich = REFERENCES["muenchen"]
    assert (munich.consultation_weeks, munich.consultation_min_days) == (4, 14)
    assert "14 Tage" in munich.facts["consultation"].text.de
    assert REFERENCES["muenster"].seats and all(
        seat.count == 3 and seat.deputies for seat in REFERENCES["muenster"].seats
    )
    for council in REFERENCES.values():
        assert council.adapted.de and council.adapted.en
        assert council.facts["legal_form"].known, council.slug


def test_selection_law_names_what_a_letter_must_contain():
    keys = {item.key for item in SELECTION.letter_requirements}
    assert {"controller", "purpose-basis", "source", "retention", "rights"} <= keys
    assert {"withdrawal", "complaint"} <= keys
    assert all("DSGVO" in item.basis for item in SELECTION.letter_requirements)
    request = {item.key: item.basis for item in SELECTION.request_requirements}
    assert request["public-interest"] == "§ 46 Abs. 1 BMG"
    assert "51" in request["blocking-notices"]
    assert SELECTION.facts["bmg_group_information"].citation == "§ 46 BMG"


def test_every_state_has_a_supervisory_authority_with_an_address():
    assert set(AUTHORITIES) == set(FEDERAL_STATES)
    for code, authorities in AUTHORITIES.items():
        public = [a for a in authorities if a.scope in {"all", "public"}]
        assert len(public) == 1, code
        authority = public[0]
        assert re.search(r"\b\d{5}\b", " ".join(authority.postal_address)), code
        assert urlsplit(authority.web).scheme == "https"
    assert {a.scope for a in AUTHORITIES["BY"]} == {"public", "private"}


def test_state_files_are_named_after_their_code():
    names = sorted(p.stem for p in (CONTENT_DIR / "council" / "states").glob("*.toml"))
    assert names == sorted(code.lower() for code in FEDERAL_STATES)
    assert Path(CONTENT_DIR / "legal" / "selection.toml").exists()


# --- advisory-council basis of the remaining states (checked 2026-12-06) -------------------


def _basis(code):
    return STATES[code].fact("advisory_council_basis")


def _kinds(fact):
    return {source.kind for source in fact.sources}


def test_brandenburg_names_section_17_for_advisory_councils_of_groups_of_people():
    basis = _basis("BB")
    assert (basis.status, basis.law, basis.paragraph) == (Status.VERIFIED, "BbgKVerf", "§ 17")
    assert SourceKind.LAW_TEXT in _kinds(basis)
    assert "Hauptsatzung" in basis.text.de and "Personengruppen" in basis.text.de


def test_mecklenburg_vorpommern_names_advisory_committees_under_section_36():
    basis = _basis("MV")
    assert (basis.status, basis.law, basis.paragraph) == (
        Status.VERIFIED,
        "KV M-V",
        "§ 36 Abs. 1",
    )
    assert SourceKind.LAW_TEXT in _kinds(basis)
    assert "keine" not in basis.value and "Ausschuss" in basis.value


def test_schleswig_holstein_names_the_statute_under_section_47d_as_secondary():
    basis = _basis("SH")
    # § 47e was read; § 47d itself was not, so the fact stays secondary
    assert (basis.status, basis.law, basis.paragraph) == (Status.SECONDARY, "GO", "§ 47d")
    assert {SourceKind.LAW_TEXT, SourceKind.OFFICIAL} <= _kinds(basis)
    assert "noch nicht geprüft" in basis.text.de


def test_hamburg_places_the_council_at_district_level_by_resolution():
    basis = _basis("HH")
    assert (basis.status, basis.law) == (Status.SECONDARY, "BezVG")
    assert basis.paragraph == "§ 19 Abs. 2, § 21"
    assert "Bezirksebene" in basis.text.de


@pytest.mark.parametrize("code", ["BE", "HB", "NI", "SL", "ST"])
def test_states_without_a_found_basis_say_what_was_searched(code):
    basis = _basis(code)
    assert basis.status is Status.UNKNOWN and not basis.value and not basis.paragraph
    assert "searched" in basis.note, code
