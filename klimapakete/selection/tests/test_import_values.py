"""A respondent file's values outside the categories ("120-130") are offered for mapping
to a category's value (or "prefer not to say") in the preview instead of blocking the file."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klimapakete import tables
from klimapakete.selection import selectors
from klimapakete.selection.services import pool
from klimapakete.selection.tests.test_uploads import upload
from klimapakete.selection.tests.test_workflow import messages_of, url

MAPPING = {"name": 0, "contact": 1, "gender": 2, "age": 3}


def _preview(selection, text: str, choices=None):
    table = tables.read_table(text.encode(), "p.csv")
    return pool.respondents_preview(
        selection=selection, table=table, mapping=MAPPING, value_choices=choices
    )


def test_values_outside_the_categories_are_listed_once_with_a_suggestion(selection):
    text = "Name,Contact,gender,age\nA,a@x.de,F,120-130\nB,b@x.de,w,120 - 130\nC,c@x.de,f,Old \n"
    preview = _preview(selection, text)
    assert [(u["category"], u["text"], u["rows"], u["suggested"]) for u in preview.unknown] == [
        ("gender", "w", 1, None),
        ("age", "120-130", 1, None),
        ("age", "120 - 130", 1, None),
    ]
    # Undecided values block the import, as before.
    assert [code for code, _params in preview.errors] == ["unknown_value"] * 3


def test_the_teams_choice_maps_the_value(selection):
    text = "Name,Contact,gender,age\nA,a@x.de,w,120-130\nB,b@x.de,m,120-130\n"
    preview = _preview(
        selection, text, {"gender": {"w": "f"}, "age": {"120-130": selectors.NO_ANSWER}}
    )
    assert preview.errors == []
    assert [r["features"] for r in preview.rows] == [
        {"gender": "f", "age": ""},
        {"gender": "m", "age": ""},
    ]


def test_a_choice_that_is_no_value_is_ignored(selection):
    preview = _preview(
        selection, "Name,Contact,gender,age\nA,a@x.de,w,old\n", {"gender": {"w": "x"}}
    )
    assert [code for code, _params in preview.errors] == ["unknown_value"]


GENDERS = ["f", "m", "w", "divers", "keine Angabe"]


def _respell(text: str, rng: random.Random) -> str:
    text = "".join(c.upper() if rng.random() < 0.3 else c.lower() for c in text)
    text = text.replace(" ", " " * rng.randint(1, 3))
    return " " * rng.randint(0, 2) + text + " " * rng.randint(0, 2)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(GENDERS), min_size=1, max_size=10),
    st.randoms(use_true_random=False),
)
def test_rewriting_the_file_gives_the_same_import(selection, genders, rng):
    """Order of the rows, case and spaces do not change what each person's gender
    becomes, nor which rows are refused."""
    choices = {"gender": {"w": "f", "keine angabe": selectors.NO_ANSWER}}
    rows = [(f"P{n}", f"p{n}@x.de", g) for n, g in enumerate(genders)]

    def outcome(lines):
        text = "Name,Contact,gender,age\n" + "\n".join(lines)
        preview = _preview(selection, text, choices)
        features = {r["name"]: r["features"]["gender"] for r in preview.rows}
        refused = sorted(p["cell"].casefold().strip() for _c, p in preview.errors)
        return refused or features

    original = [f"{n},{c},{g},old" for n, c, g in rows]
    shuffled = rows[:]
    rng.shuffle(shuffled)
    rewritten = [f"{n},{c},{_respell(g, rng)},old" for n, c, g in shuffled]
    assert outcome(rewritten) == outcome(original)


def test_the_preview_offers_the_mapping_and_imports_with_it(selection, member_client):
    text = "Name,Contact,gender,age\nAnna,anna@x.de,w,120-130\nBen,ben@x.de,m,young\n"
    page = upload(member_client, selection, text.encode()).content.decode()
    assert "Values outside the categories" in page
    assert 'name="value-0"' in page and 'name="value-1"' in page
    form = {
        "map-name": "0",
        "map-contact": "1",
        "map-gender": "2",
        "map-age": "3",
        "value-category-0": "gender",
        "value-key-0": "w",
        "value-0": "f",
        "value-category-1": "age",
        "value-key-1": "120-130",
        "value-1": "-",
    }
    response = member_client.post(url("import_confirm", selection), form, follow=True)
    assert "2 respondents have been imported." in messages_of(response)
    anna = selection.respondents.get(name="Anna")
    assert anna.features == {"gender": "f", "age": ""}


JOIN_MAPPING = {"first_name": 0, "name": 1, "contact": 2, "gender": 3, "age": 4}
PEOPLE = [("Petra", "Schmidt"), ("Anna Lena", "von Berg"), ("", "Öztürk"), ("Jo", "")]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.permutations(range(len(PEOPLE))), st.randoms(use_true_random=False))
def test_first_and_last_name_join_whatever_the_spaces_and_order(selection, order, rng):
    """First and last name are joined with one space, whatever spaces the cells have
    and in whichever order the rows come."""

    def names(rows):
        text = "Vorname,Nachname,Contact,gender,age\n" + "\n".join(
            f"{first},{last},p{n}@x.de,f,old" for n, first, last in rows
        )
        table = tables.read_table(text.encode(), "p.csv")
        preview = pool.respondents_preview(selection=selection, table=table, mapping=JOIN_MAPPING)
        return sorted(r["name"] for r in preview.rows), preview.errors

    def spaced(text):
        return " " * rng.randint(0, 2) + text.replace(" ", " " * rng.randint(1, 3)) + " "

    plain = [(n, first, last) for n, (first, last) in enumerate(PEOPLE)]
    rewritten = [(n, spaced(PEOPLE[n][0]), spaced(PEOPLE[n][1])) for n in order]
    assert names(rewritten) == names(plain)
    assert names(plain) == (["Anna Lena von Berg", "Jo", "Petra Schmidt", "Öztürk"], [])
