"""Imports into the team's own sectors: a spreadsheet's own words for sectors are mapped
onto the team's sectors (suggested, confirmed in the preview), never duplicated."""

from __future__ import annotations

import io
import random

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from klimapakete import tables
from klimapakete.actors.directory.services import DEFAULT_SECTORS
from klimapakete.actors.importing import plan
from klimapakete.actors.importing.sectors import sector_key, suggest
from klimapakete.actors.models import Sector

DEFAULTS = {n + 1: de for n, (de, _en) in enumerate(DEFAULT_SECTORS)}
ENGLISH = {n + 1: en for n, (_de, en) in enumerate(DEFAULT_SECTORS)}


def url(team, name: str) -> str:
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug})


@pytest.mark.parametrize(
    ("value", "sector"),
    [
        ("Wirtschaft", "Wirtschaft und Industrie"),
        ("Unternehmen", "Wirtschaft und Industrie"),
        ("Verwaltung", "Stadtverwaltung"),
        ("Rathaus", "Stadtverwaltung"),
        ("Schule", "Bildung und Wissenschaft"),
        ("Hochschule", "Bildung und Wissenschaft"),
        ("Politik", "Stadtrat"),
        ("Gemeinderat", "Stadtrat"),
        ("Bürger", "Bürger:innen"),
        ("BUERGERINNEN", "Bürger:innen"),
        ("Verein", "Klimainitiativen und Zivilgesellschaft"),
        ("Stadtverwaltng", "Stadtverwaltung"),  # a typo
        ("  stadt rat ", "Stadtrat"),
    ],
)
def test_a_spreadsheets_own_word_suggests_the_teams_sector(value, sector):
    assert DEFAULTS[suggest(value, DEFAULTS)] == sector


@pytest.mark.parametrize(
    ("value", "sector"),
    [("Economy", "Industry and business"), ("Schools", "Education and science")],
)
def test_english_words_suggest_english_sectors(value, sector):
    assert ENGLISH[suggest(value, ENGLISH)] == sector


@pytest.mark.parametrize("value", ["Sport", "Presse", "", "  "])
def test_a_value_that_fits_no_sector_is_left_to_the_team(value):
    assert suggest(value, DEFAULTS) is None


def _context(sectors: dict[int, str]) -> plan.ActorContext:
    return plan.ActorContext(
        sectors={plan.key(name): pk for pk, name in sectors.items()},
        sector_names=list(sectors.values()),
        actors={},
        member_emails={},
        member_names={},
        sector_by_id=dict(sectors),
    )


def _outcome(csv_text: str, choices=None):
    """What an import of ``csv_text`` does: each name's sector (an id, a new sector's
    key, or None), the new sectors and the rows with errors."""
    table = tables.read_table(csv_text.encode("utf-8"), "a.csv")
    mapping = plan.guess_mapping(table.header)
    result = plan.plan_actors(
        table, mapping, _context(DEFAULTS), create_sectors=True, sector_choices=choices
    )
    by_id = {plan.key(name): pk for pk, name in DEFAULTS.items()}
    sectors = {
        row.name: by_id.get(row.sector, ("new", sector_key(row.sector)) if row.sector else None)
        for row in result.rows
    }
    new = {sector_key(name) for name in result.new_sectors.values()}
    errors = sorted((e.code, e.value) for e in result.errors)
    return sectors, new, errors


WORDS = [
    "Wirtschaft",
    "Verwaltung",
    "Schule",
    "Stadtrat",
    "Bürger",
    "Bürgerinitiative",
    "Initiative",
    "Sport",
    "Kultur & Sport",
    "Hochschule",
    "",
]
UMLAUTS = {"ü": "ue", "ä": "ae", "ö": "oe", "Ü": "Ue", "Ä": "Ae", "Ö": "Oe"}


def _respell(text: str, rng: random.Random) -> str:
    """The same value as another spreadsheet writes it."""
    if rng.random() < 0.5:
        for umlaut, written in UMLAUTS.items():
            text = text.replace(umlaut, written)
    text = "".join(c.upper() if rng.random() < 0.3 else c.lower() for c in text)
    text = text.replace(" ", " " * rng.randint(1, 3))
    return " " * rng.randint(0, 2) + text + " " * rng.randint(0, 2)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    st.randoms(use_true_random=False),
)
def test_rewriting_the_file_gives_the_same_import(sectors, rng):
    """Order of the rows, case, spaces, umlaut spelling and blank lines do not change
    which sector each actor gets, nor which sectors are created."""
    rows = [(f"Akteur {n}", sector) for n, sector in enumerate(sectors)]
    original = "Name;Bereich\n" + "\n".join(f"{name};{sector}" for name, sector in rows)
    shuffled = rows[:]
    rng.shuffle(shuffled)
    lines = [f"{name};{_respell(sector, rng)}" for name, sector in shuffled]
    for _ in range(rng.randint(0, 3)):
        lines.insert(rng.randint(0, len(lines)), "")
    rewritten = "Name;" + _respell("Bereich", rng).strip() + "\n" + "\n".join(lines)
    assert _outcome(rewritten) == _outcome(original)


def test_choices_in_the_preview_win_over_the_suggestion():
    text = "Name;Bereich\nAda;Wirtschaft\nBob;Sport\nCem;sport\n"
    sectors, new, errors = _outcome(
        text, {sector_key("Wirtschaft"): plan.NO_SECTOR, sector_key("Sport"): 3}
    )
    assert sectors == {"Ada": None, "Bob": 3, "Cem": 3}
    assert new == set() and errors == []


# --- through the pages -----------------------------------------------------------------


def _upload(client, team, text: str):
    file = io.BytesIO(text.encode("cp1252"))
    file.name = "liste.csv"
    response = client.post(url(team, "import"), {"what": "actors", "file": file, "sheet": ""})
    assert response.status_code == 302
    data = client.session[f"actors_import:{team.pk}"]
    form = {f"col_{i}": target for i, target in enumerate(data["mapping"])}
    form["duplicates"] = "skip"
    assert client.post(url(team, "import_map"), form).status_code == 302


def test_a_real_list_imports_into_the_default_sectors_without_duplicates(member_client, personas):
    team = personas["team"]
    member_client.get(url(team, "list"))
    before = set(team.sectors.values_list("name", flat=True))
    assert "Stadtverwaltung" in before
    _upload(
        member_client,
        team,
        "Name;Bereich\nIHK;Wirtschaft\nKlimaschutzmanagerin;Verwaltung\n"
        "Gymnasium;Schule\nRathaus-Fraktion;Politik\n",
    )
    preview = member_client.get(url(team, "import_preview"))
    assert preview.status_code == 200 and not preview.context["errors"]
    html = preview.content.decode()
    assert "Bereiche in der Datei" in html
    assert f'value="{team.sectors.get(name="Stadtverwaltung").pk}" selected' in html
    assert member_client.post(url(team, "import_preview")).status_code == 302
    assert set(team.sectors.values_list("name", flat=True)) == before
    assert dict(team.actors.values_list("name", "sector__name")) == {
        "IHK": "Wirtschaft und Industrie",
        "Klimaschutzmanagerin": "Stadtverwaltung",
        "Gymnasium": "Bildung und Wissenschaft",
        "Rathaus-Fraktion": "Stadtrat",
    }


def test_an_unknown_sector_waits_for_the_teams_choice(member_client, personas):
    team = personas["team"]
    member_client.get(url(team, "list"))
    _upload(member_client, team, "Name;Bereich\nTSV;Sport\nBürgerbus e.V.;Bürger\n")
    preview = member_client.get(url(team, "import_preview"))
    assert any("Sport" in e for e in preview.context["errors"])
    form = preview.context["sector_form"]
    fields = {row["value"].text: row["field"].html_name for row in form.rows()}
    citizens = team.sectors.get(name="Bürger:innen")
    response = member_client.post(
        url(team, "import_sectors"),
        {fields["Sport"]: plan.NEW_SECTOR, fields["Bürger"]: str(citizens.pk)},
    )
    assert response.status_code == 302
    assert not member_client.get(url(team, "import_preview")).context["errors"]
    member_client.post(url(team, "import_preview"))
    assert Sector.objects.filter(team=team, name="Sport").count() == 1
    assert team.actors.get(name="Bürgerbus e.V.").sector == citizens
    assert team.actors.get(name="TSV").sector.name == "Sport"
