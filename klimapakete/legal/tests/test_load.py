"""Schema errors in legal data files name the file, the place and the broken rule."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete.legal.load import (
    LegalDataError,
    load_states,
    load_supervisory_authorities,
    parse_reference,
    parse_state,
)
from klimapakete.legal.model import STATE_FACT_KEYS, Status

UNKNOWN = """
[facts.{key}]
status = "unknown"
checked = 2026-12-06
note = "not checked"
text.de = "Nicht geprüft."
text.en = "Not checked."
"""

VERIFIED = """
[facts.{key}]
status = "verified"
value = "{value}"
law = "HGO"
paragraph = "§ 58 Abs. 5"
checked = 2026-12-06
text.de = "Die Vorsitzende setzt die Tagesordnung fest."
text.en = "The chair sets the agenda."
  [[facts.{key}.sources]]
  title = "§ 58 HGO"
  url = "https://example.org/hgo/58"
  kind = "law_text"
"""


def state_toml(code="HE", replace: dict[str, str] | None = None) -> str:
    head = f'code = "{code}"\nname = "Hessen"\nversion = 1\nlast_checked = 2026-12-06\n'
    blocks = {key: UNKNOWN.format(key=key) for key in STATE_FACT_KEYS}
    blocks["agenda_setter"] = VERIFIED.format(key="agenda_setter", value="council_chair")
    blocks.update(replace or {})
    return head + "".join(blocks.values())


def write(directory: Path, text: str, name: str = "he.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error(path: Path, parse=parse_state) -> LegalDataError:
    with pytest.raises(LegalDataError) as info:
        parse(path)
    return info.value


def test_a_valid_state_file_parses(tmp_path):
    state = parse_state(write(tmp_path, state_toml()))
    fact = state.fact("agenda_setter")
    assert fact.status is Status.VERIFIED and fact.citation == "§ 58 Abs. 5 HGO"
    assert not state.fact("lottery_law").known


def test_a_missing_fact_must_be_marked_unknown_not_left_out(tmp_path):
    text = state_toml().split("[facts.lottery_law]")[0]
    problem = error(write(tmp_path, text))
    assert problem.params["file"] == "he.toml"
    assert "lottery_law" in problem.params["rule"] and "unknown" in problem.params["rule"]


def test_a_verified_legal_fact_needs_its_paragraph(tmp_path):
    block = VERIFIED.format(key="agenda_setter", value="mayor").replace(
        'paragraph = "§ 58 Abs. 5"\n', ""
    )
    problem = error(write(tmp_path, state_toml(replace={"agenda_setter": block})))
    assert problem.params["where"] == "facts.agenda_setter"
    assert "paragraph" in problem.params["rule"]


def test_a_secondary_fact_says_when_its_paragraph_is_open(tmp_path):
    block = VERIFIED.format(key="agenda_setter", value="mayor").replace(
        'status = "verified"', 'status = "secondary"'
    )
    assert parse_state(write(tmp_path, state_toml(replace={"agenda_setter": block})))
    block = block.replace('paragraph = "§ 58 Abs. 5"', 'paragraph = ""')
    assert "unknown" in str(error(write(tmp_path, state_toml(replace={"agenda_setter": block}))))


def test_an_unknown_fact_carries_no_value(tmp_path):
    block = UNKNOWN.format(key="hauptsatzung").replace(
        'status = "unknown"', 'status = "unknown"\nvalue = "required"'
    )
    problem = error(write(tmp_path, state_toml(replace={"hauptsatzung": block})))
    assert "value" in problem.params["rule"]


def test_a_known_fact_needs_a_source(tmp_path):
    block = VERIFIED.format(key="agenda_setter", value="mayor").split("  [[facts")[0]
    assert "source" in str(error(write(tmp_path, state_toml(replace={"agenda_setter": block}))))


@pytest.mark.parametrize(
    "url", ["http://example.org/x", "ftp://example.org/x", "https://", "example.org"]
)
def test_sources_need_an_https_address(tmp_path, url):
    block = VERIFIED.format(key="agenda_setter", value="mayor").replace(
        "https://example.org/hgo/58", url
    )
    problem = error(write(tmp_path, state_toml(replace={"agenda_setter": block})))
    assert "source 1" in problem.params["where"] and "https" in problem.params["rule"]


def test_values_the_builder_branches_on_are_checked(tmp_path):
    block = VERIFIED.format(key="agenda_setter", value="the mayor, mostly")
    problem = error(write(tmp_path, state_toml(replace={"agenda_setter": block})))
    assert "council_chair" in problem.params["rule"]


def test_a_city_state_needs_its_district_level(tmp_path):
    problem = error(write(tmp_path, state_toml(code="BE"), "be.toml"))
    assert problem.params["where"] == "district"


def test_the_file_name_matches_the_code(tmp_path):
    assert "he.toml" in str(error(write(tmp_path, state_toml(), "hessen.toml")))


def test_every_state_must_be_present(tmp_path):
    write(tmp_path, state_toml())
    with pytest.raises(LegalDataError, match="missing states: BW, BY"):
        load_states(tmp_path)


def test_invalid_toml_names_the_file(tmp_path):
    assert str(error(write(tmp_path, "code = = 1"))).startswith("he.toml")


def test_a_reference_council_lists_its_seats(tmp_path):
    text = """
    slug = "x"
    name = "Klimabeirat X"
    municipality = "X"
    state = "HE"
    version = 1
    last_checked = 2026-12-06
    adapted.de = "Nichts."
    adapted.en = "Nothing."
    """
    problem = error(write(tmp_path, text, "x.toml"), parse_reference)
    assert problem.params["where"] == "seats"


def test_each_state_needs_an_authority_for_public_bodies(tmp_path):
    text = """
    version = 1
    last_checked = 2026-12-06
    [[authorities]]
    state = "BY"
    scope = "private"
    name = "Landesamt"
    postal_address = ["Promenade 18", "91522 Ansbach"]
    web = "https://example.org/"
    checked = 2026-12-06
      [[authorities.sources]]
      title = "Kontakt"
      url = "https://example.org/kontakt"
      kind = "official"
    """
    with pytest.raises(LegalDataError, match="no authority for public bodies in BW"):
        load_supervisory_authorities(write(tmp_path, text, "a.toml"))


TOML_VALUES = st.one_of(
    st.integers(-3, 3).map(str),
    st.text(max_size=8).map(json.dumps),
    st.sampled_from(["true", "2026-12-06", "2026-12-06T10:00:00", "[]", "{}", '"https://x.org/"']),
)
LINES = [line for line in state_toml().splitlines() if " = " in line]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(LINES), value=TOML_VALUES)
def test_any_value_anywhere_parses_or_names_the_problem(tmp_path, line, value):
    """Whatever an author writes, the loader answers with data or a LegalDataError."""
    name = line.split(" = ")[0]
    text = state_toml().replace(line, f"{name} = {value}", 1)
    try:
        parse_state(write(tmp_path, text))
    except LegalDataError as problem:
        assert problem.params["file"] == "he.toml"
