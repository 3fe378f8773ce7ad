"""Stance, power and ease in a spreadsheet's own words ("vielleicht", "eher ja") are
asked about in the preview instead of failing the file; rows with errors can be skipped."""

from __future__ import annotations

import io
import random

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete import tables
from klimapakete.actors.importing import plan
from klimapakete.actors.models import Actor


def url(team, name: str) -> str:
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug})


def _context() -> plan.ActorContext:
    return plan.ActorContext(
        sectors={}, sector_names=[], actors={}, member_emails={}, member_names={}
    )


def _outcome(csv_text: str, choices=None):
    """Each name's stance and power, and the rows' errors."""
    table = tables.read_table(csv_text.encode("utf-8"), "a.csv")
    result = plan.plan_actors(
        table, plan.guess_mapping(table.header), _context(), value_choices=choices
    )
    values = {r.name: (r.values.get("stance"), r.values.get("power")) for r in result.rows}
    return values, sorted((e.code, e.value.casefold()) for e in result.errors)


def test_other_words_are_listed_once_with_a_suggestion():
    text = "Name;Haltung;Einfluss\nA;vielleicht;hoch\nB;Vielleicht ;riesig\nC;eher ja;3\n"
    table = tables.read_table(text.encode(), "a.csv")
    result = plan.plan_actors(table, plan.guess_mapping(table.header), _context())
    found = {(v.target, v.key): (v.rows, v.suggested) for v in result.unknown_values}
    assert found == {
        ("stance", "vielleicht"): (2, 0),
        ("stance", "eher ja"): (1, 1),
        ("power", "riesig"): (1, None),
    }
    # Suggestions apply; a value without one waits for the team.
    assert [e.code for e in result.errors] == ["bad_power"]


def test_the_teams_choice_wins_over_the_suggestion():
    text = "Name;Haltung;Einfluss\nA;vielleicht;riesig\nB;eher ja;riesig\n"
    values, errors = _outcome(
        text, {"stance": {"vielleicht": -1, "eher ja": plan.NO_VALUE}, "power": {"riesig": 5}}
    )
    assert values == {"A": (-1, 5), "B": (None, 5)}
    assert errors == []


WORDS = ["vielleicht", "eher ja", "Eher nein", "neutral", "++", "riesig", "keine Ahnung", ""]


def _respell(text: str, rng: random.Random) -> str:
    text = "".join(c.upper() if rng.random() < 0.3 else c.lower() for c in text)
    text = text.replace(" ", " " * rng.randint(1, 3))
    return " " * rng.randint(0, 2) + text + " " * rng.randint(0, 2)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.randoms(use_true_random=False),
)
def test_rewriting_the_file_gives_the_same_import(stances, rng):
    """Order of the rows, case and spaces do not change any actor's stance, whether
    from a suggestion, a choice in the preview or an error."""
    choices = {"stance": {"keine ahnung": 0, "riesig": plan.NO_VALUE}}
    rows = [(f"Akteur {n}", s) for n, s in enumerate(stances)]
    original = "Name;Haltung\n" + "\n".join(f"{n};{s}" for n, s in rows)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    rewritten = "Name;Haltung\n" + "\n".join(f"{n};{_respell(s, rng)}" for n, s in shuffled)
    assert _outcome(rewritten, choices) == _outcome(original, choices)


# --- through the pages -----------------------------------------------------------------


def _upload(client, team, text: str):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = "liste.csv"
    response = client.post(url(team, "import"), {"what": "actors", "file": file, "sheet": ""})
    assert response.status_code == 302
    data = client.session[f"actors_import:{team.pk}"]
    form = {f"col_{i}": target for i, target in enumerate(data["mapping"])}
    form["duplicates"] = "skip"
    assert client.post(url(team, "import_map"), form).status_code == 302


def test_a_value_in_other_words_is_mapped_in_the_preview(member_client, personas):
    team = personas["team"]
    _upload(member_client, team, "Name;Haltung;Einfluss\nAda;vielleicht;hoch\nBo;riesig;2\n")
    preview = member_client.get(url(team, "import_preview"))
    html = preview.content.decode()
    assert "Werte in anderen Worten" in html
    form = preview.context["value_form"]
    fields = {row["value"].text: row["field"].html_name for row in form.rows()}
    assert set(fields) == {"vielleicht", "riesig"}
    # Bo's stance is undecided until the team chooses.
    assert any("riesig" in e for e in preview.context["errors"])
    response = member_client.post(
        url(team, "import_values"), {fields["vielleicht"]: "0", fields["riesig"]: "2"}
    )
    assert response.status_code == 302
    assert not member_client.get(url(team, "import_preview")).context["errors"]
    assert member_client.post(url(team, "import_preview")).status_code == 302
    assert dict(team.actors.values_list("name", "stance")) == {"Ada": 0, "Bo": 2}
    assert team.actors.get(name="Ada").power == 4


def test_all_or_nothing_stays_the_default(member_client, personas):
    team = personas["team"]
    _upload(member_client, team, "Name;E-Mail\nAda;ada@example.org\nBo;kaputt\n")
    preview = member_client.get(url(team, "import_preview"))
    assert "Nichts importieren, bis alle Probleme behoben sind" in preview.content.decode()
    response = member_client.post(url(team, "import_preview"))
    assert response.status_code == 400
    assert not Actor.objects.filter(team=team, name="Ada").exists()


def test_rows_with_errors_can_be_skipped(member_client, personas):
    team = personas["team"]
    _upload(
        member_client,
        team,
        "Name;E-Mail;Organisation\nAda;ada@example.org;\nBo;kaputt;Neu GmbH\nCy;;\n",
    )
    response = member_client.post(url(team, "import_preview"), {"on_error": "skip"}, follow=True)
    assert response.status_code == 200
    assert Actor.objects.filter(team=team, name__in=["Ada", "Cy"]).count() == 2
    assert not Actor.objects.filter(team=team, name__in=["Bo", "Neu GmbH"]).exists()
    text = " ".join(str(m) for m in response.context["messages"])
    assert "1 Zeile mit Problemen wurde übersprungen: Zeile 3." in text
