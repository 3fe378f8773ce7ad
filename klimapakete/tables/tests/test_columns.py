"""Column declarations and the one auto-mapping."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from klimapakete.tables import (
    EMAIL_WORDS,
    FIRST_NAME_WORDS,
    NAME_WORDS,
    Column,
    auto_map,
    read_row,
)

COLUMNS = [
    Column("name", "Name", NAME_WORDS, max_length=20, required=True),
    Column("first_name", "Vorname", FIRST_NAME_WORDS, max_length=20, joins="name"),
    Column("email", "E-Mail", EMAIL_WORDS),
    Column("strength", "Stärke", ("stärke", "strength"), parse=int),
    Column("rhythm", "Kontaktrhythmus", ("kontaktrhythmus (tage)", "contact rhythm")),
]
HEADINGS = ["Nachname", "Vorname", "E-Mail", "Stärke", "Kontaktrhythmus (Tage)"]
KEYS = ["name", "first_name", "email", "strength", "rhythm"]


def respell(heading: str, case: str, umlauts: str, separator: str) -> str:
    if umlauts == "written out":
        heading = heading.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    elif umlauts == "dropped":
        heading = heading.replace("ä", "a").replace("ö", "o").replace("ü", "u")
    heading = heading.replace("-", separator).replace(" ", separator)
    return {"upper": heading.upper(), "lower": heading.lower(), "as is": heading}[case]


@given(
    st.permutations(range(len(HEADINGS))),
    st.sampled_from(["upper", "lower", "as is"]),
    st.sampled_from(["as is", "written out", "dropped"]),
    st.sampled_from(["-", " ", "_", "", " - "]),
)
def test_headings_map_whatever_their_case_umlauts_spaces_and_punctuation(
    order, case, umlauts, separator
):
    header = [respell(HEADINGS[i], case, umlauts, separator) for i in order]
    assert auto_map(header, COLUMNS) == [KEYS[i] for i in order]


def test_common_german_spellings_of_e_mail_and_names():
    for heading in ("E-Mail", "Email", "Mail", "e-mail-adresse", "EMAIL ADDRESS"):
        assert auto_map(["Name", heading], COLUMNS) == ["name", "email"]
    assert auto_map(["Familienname", "Rufname", "Sonstiges"], COLUMNS) == [
        "name",
        "first_name",
        "",
    ]
    # Each column goes to one heading only; an exact match beats a partial one.
    assert auto_map(["Name des Vereins", "Name"], COLUMNS) == ["", "name"]


def test_extra_words_such_as_translated_labels_map_too():
    assert auto_map(["Intensität"], COLUMNS, extra={"strength": ["Intensität"]}) == ["strength"]


def test_a_row_joins_first_and_last_name_and_refuses_over_long_values_uncut():
    where = {"name": 0, "first_name": 1, "email": 2, "strength": 3}
    values, problems = read_row([" Schmidt ", "Petra", "p@x.de", "3"], COLUMNS, where)
    assert values == {"name": "Petra Schmidt", "email": "p@x.de", "strength": 3}
    assert problems == []
    values, problems = read_row(["Schmidt-Lüdenscheid", "Anna-Katharina", "", "x"], COLUMNS, where)
    assert ("too_long", "name", {"max": 20, "value": "Anna-Katharina Schmidt-Lüdenscheid"}) in (
        problems
    )
    assert ("invalid", "strength", {"value": "x"}) in problems
    assert "name" not in values  # never cut to fit


def test_a_required_cell_that_is_empty_or_not_mapped_is_a_problem():
    assert read_row(["", "x"], COLUMNS, {"name": 0, "email": 1})[1] == [("missing", "name", {})]
    assert read_row(["x"], COLUMNS, {"email": 0})[1] == [("missing", "name", {})]
