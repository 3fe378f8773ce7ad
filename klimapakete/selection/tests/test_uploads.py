"""Uploads of the selection go through the one table layer: limits, row numbers, columns."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from klimapakete.selection.tests.test_workflow import messages_of, upload_file, url


def upload(client, selection, data: bytes, name: str = "p.csv"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(url("import_upload", selection), {"file": file})


def test_row_numbers_stay_right_after_blank_lines(selection, member_client):
    text = "Name,Contact,gender,age\n\nA,a@x.de,f,young\n\n\nB,b@x.de,q,old\n"
    member_client.post(url("import_upload", selection), {"file": upload_file("p.csv", text)})
    page = member_client.post(url("import_confirm", selection), {}).content.decode()
    assert "Row 6: “q” is not a value of gender" in page


def test_an_over_long_name_is_refused_not_cut(selection, member_client):
    name = "Anna " + "Lang" * 50
    text = f"Name,Contact,gender,age\n{name},a@x.de,f,young\nBen,b@x.de,m,old\n"
    upload(member_client, selection, text.encode())
    page = member_client.post(url("import_confirm", selection), {}).content.decode()
    assert "Row 2: “Name” is longer than 160 characters." in page
    assert selection.respondents.count() == 12


def test_first_and_last_name_columns_are_found_and_joined(selection, member_client):
    text = "Vorname;Nachname;E-Mail;Gender;Age\nPetra;Schmidt;p@x.de;f;young\n"
    upload(member_client, selection, text.encode("cp1252"))
    response = member_client.post(url("import_confirm", selection), {}, follow=True)
    assert "1 respondent has been imported." in messages_of(response)
    person = selection.respondents.get(number=13)
    assert (person.name, person.contact, person.features) == (
        "Petra Schmidt",
        "p@x.de",
        {"gender": "f", "age": "young"},
    )


def test_formula_cells_are_imported_as_text_with_a_warning(selection, member_client):
    text = "Name,Contact,gender,age\n=1+2,a@x.de,f,young\n"
    response = upload(member_client, selection, text.encode())
    page = response.content.decode()
    assert "1 row has a cell that starts with “=” (row 2)" in page
    member_client.post(url("import_confirm", selection), {})
    assert selection.respondents.filter(name="=1+2").exists()


def test_a_far_away_excel_cell_is_ignored_quickly(selection, member_client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Contact", "gender", "age"])
    sheet.append(["Xaver", "x@x.de", "m", "old"])
    sheet["XFD1048576"] = "boom"
    data = io.BytesIO()
    book.save(data)
    upload(member_client, selection, data.getvalue(), "pool.xlsx")
    member_client.post(url("import_confirm", selection), {})
    assert selection.respondents.filter(name="Xaver").exists()


def test_a_zip_bomb_and_a_huge_file_are_refused_with_a_reason(selection, member_client, settings):
    settings.TABLE_MAX_UNPACKED_MB = 1
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (3 * 1024 * 1024))
    response = upload(member_client, selection, buffer.getvalue(), "bomb.xlsx")
    assert "The workbook is too large when unpacked: at most 1 MB" in response.content.decode()
    settings.TABLE_MAX_MB = 1
    response = upload(member_client, selection, b"Name\n" + b"x\n" * 600_000)
    assert "The file is too large: at most 1 MB are possible." in response.content.decode()
    assert selection.respondents.count() == 12


def test_the_register_extract_names_rows_after_blank_lines(selection, member_client):
    from klimapakete.selection.models import Selection

    Selection.objects.filter(pk=selection.pk).update(
        stratify_by=selection.categories.get(name="age")
    )
    file = io.BytesIO(b"Name,Alter\nA,young\n\n\nB,mittel\n")
    file.name = "extract.tsv"
    response = member_client.post(
        url("addresses", selection), {"file": file, "column": "Alter"}, follow=True
    )
    assert "Row 5: “mittel” is not a value of Alter" in response.content.decode()


def test_the_team_export_has_every_selections_answers(selection, personas):
    import csv

    from klimapakete.selection.models import Respondent
    from klimapakete.selection.tests.conftest import build_selection
    from klimapakete.teams.exports import team_export_zip

    other = build_selection(personas["team"], n=2, title="Zweiter Rat")
    Respondent.objects.filter(selection=other).update(features={"district": "Nord"})
    archive = zipfile.ZipFile(io.BytesIO(team_export_zip(personas["team"])))
    rows = list(csv.DictReader(io.StringIO(archive.read("selection_respondents.csv").decode())))
    assert {"feature:gender", "feature:age", "feature:district"} <= set(rows[0])
    assert {r["feature:district"] for r in rows if r["selection"] == "Zweiter Rat"} == {"Nord"}


def test_a_far_away_excel_cell_needs_little_memory(selection, member_client):
    """Issue 11: the same 5 KB file took 2.7 GB; the shared reader stops at the data."""
    import tracemalloc

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Name", "Contact", "gender", "age"])
    sheet.append(["Xaver", "x@x.de", "m", "old"])
    sheet["XFD20000"] = "boom"
    data = io.BytesIO()
    book.save(data)
    tracemalloc.start()
    try:
        upload(member_client, selection, data.getvalue(), "pool.xlsx")
        member_client.post(url("import_confirm", selection), {})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert selection.respondents.filter(name="Xaver").exists()
    assert peak < 50 * 1024 * 1024


# --- issue 10, part 5: what users see, duplicates ------------------------------------------


def test_a_missing_column_is_named_as_the_user_sees_it(selection, member_client):
    upload(member_client, selection, b"Wer,G,A\nAnna,f,young\n")
    page = member_client.post(
        url("import_preview", selection), {"map-name": "0", "map-contact": ""}
    ).content.decode()
    assert "Please assign a column to “Contact”." in page
    assert "“contact”" not in page


def test_an_e_mail_column_is_found_and_checked(selection, member_client):
    upload(member_client, selection, b"Name,E-Mail,gender,age\nAnna,anna@,f,young\n")
    page = member_client.post(url("import_confirm", selection), {}).content.decode()
    assert "Row 2: “anna@” is not a valid e-mail address." in page
    assert selection.respondents.count() == 12


def test_duplicates_are_flagged_in_the_preview_and_held_out_of_the_computation(
    selection, member_client
):
    from klimapakete.selection import selectors

    text = (
        "Name,E-Mail,gender,age\n"
        "Anna Berg,anna@example.org,f,young\n"
        "anna  berg,ANNA@example.org,f,young\n"
        "Person 1,P1@EXAMPLE.org,f,old\n"
        "Carl,carl@example.org,m,old\n"
    )
    page = upload(member_client, selection, text.encode()).content.decode()
    assert "2 rows have the same name and contact" in page
    assert "Row 3: anna  berg, ANNA@example.org" in page and "Row 4: Person 1" in page
    member_client.post(url("import_confirm", selection), {})
    held = selection.respondents.filter(status="held")
    assert sorted(held.values_list("number", flat=True)) == [14, 15]
    members = {r.id for r in selectors.pool_instance(selection=selection).respondents}
    assert "14" not in members and "15" not in members and "13" in members and "16" in members
    page = member_client.get(url("respondents", selection)).content.decode()
    assert "2 imported entries are held back as possible duplicates" in page

    # a team member decides: Anna's second entry is a person of her own after all
    anna = selection.respondents.get(number=14)
    member_client.post(url("respondent_keep", selection, respondent_id=anna.pk))
    anna.refresh_from_db()
    assert anna.status == "pool"
    assert "14" in {r.id for r in selectors.pool_instance(selection=selection).respondents}


def test_the_team_export_holds_the_published_files_and_none_of_another_team(selection, personas):
    import csv
    import gzip
    import hashlib

    from klimapakete.selection.models import Commitment
    from klimapakete.selection.tests.conftest import build_selection
    from klimapakete.teams.exports import team_export_zip

    def commit(selection, body: bytes) -> None:
        Commitment.objects.create(
            selection=selection,
            kind="public",
            declaration="Lotto 6aus49",
            file_name="distribution.csv",
            file_gzip=gzip.compress(body, mtime=0),
            file_sha256=hashlib.sha256(body).hexdigest(),
        )

    ours = b"number,probability\n1,0.25\n"
    theirs = b"number,probability\n7,0.99\n"
    commit(selection, ours)
    commit(build_selection(personas["other_team"], n=4, title="Fremder Rat"), theirs)
    archive = zipfile.ZipFile(io.BytesIO(team_export_zip(personas["team"])))
    rows = list(csv.DictReader(io.StringIO(archive.read("selection_commitments.csv").decode())))
    assert [(r["selection"], r["file_name"]) for r in rows] == [
        (selection.title, "distribution.csv")
    ]
    assert archive.read(rows[0]["file"]) == ours  # as published, not compressed
    assert hashlib.sha256(ours).hexdigest() == rows[0]["file_sha256"]
    assert [n for n in archive.namelist() if n.startswith("files/")] == [rows[0]["file"]]
    assert not any(theirs in archive.read(n) for n in archive.namelist())
