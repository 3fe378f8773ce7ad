"""Issue 11.10: the team export's respondent CSV has the columns of every selection."""

from __future__ import annotations

import csv
import io
import zipfile

from klimapakete.selection.services import setup as services
from klimapakete.selection.tests.conftest import build_selection
from klimapakete.teams.exports import team_export_zip


def test_respondents_of_two_selections_keep_all_their_answers(personas):
    team = personas["team"]
    build_selection(team)  # asks gender and age
    other = services.selection_create(team=team, title="Zweiter Rat", panel_size=4)
    services.categories_replace(
        selection=other,
        rows=services.parse_category_rows([["district", "north", "50", "10"]]),
    )
    other.respondents.create(
        number=1, name="Nora Nord", contact="nora@example.org", features={"district": "north"}
    )
    archive = zipfile.ZipFile(io.BytesIO(team_export_zip(team)))
    text = archive.read("selection_respondents.csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    columns = set(rows[0])
    assert any("gender" in c for c in columns) and any("district" in c for c in columns)
    nora = next(r for r in rows if r["name"] == "Nora Nord")
    assert "north" in nora.values()
