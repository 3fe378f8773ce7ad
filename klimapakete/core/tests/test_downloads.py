"""Downloads keep their German file names and never leave personal data in a cache."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from klimapakete.core.downloads import disposition, download_response, safe_filename
from klimapakete.teams.models import Team

PACKAGE = Path(__file__).resolve().parents[2]


def filenames(header: str) -> tuple[str, str | None]:
    """(the ASCII ``filename=``, the decoded ``filename*=`` or None) of a header."""
    ascii_name = re.search(r'filename="((?:[^"\\]|\\.)*)"', header).group(1)
    full = re.search(r"filename\*=utf-8''([^;\s]+)", header)
    return ascii_name, unquote(full.group(1)) if full else None


def test_a_german_name_keeps_its_umlauts_with_an_ascii_fallback():
    header = disposition("Tischplan – Zukunftswerkstatt Grünstadt 2026-12-06.pdf")
    assert header.startswith("attachment; ")
    ascii_name, full = filenames(header)
    assert full == "Tischplan – Zukunftswerkstatt Grünstadt 2026-12-06.pdf"
    assert ascii_name == "Tischplan - Zukunftswerkstatt Gruenstadt 2026-12-06.pdf"
    assert header.isascii()


def test_an_ascii_name_needs_no_second_form_and_inline_is_inline():
    assert disposition("distribution.csv") == 'attachment; filename="distribution.csv"'
    assert disposition("klimapakete.ics", inline=True) == 'inline; filename="klimapakete.ics"'


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ('Team "Süd"\r\n: Liste.csv', "Team -Süd- Liste.csv"),
        ("\u202eFDP.exe\u202c.pdf", "FDP.exe.pdf"),
        ("", "download"),
        ("x" * 300 + ".docx", "x" * 115 + ".docx"),
    ],
)
def test_names_are_made_safe(raw, expected):
    assert safe_filename(raw) == expected


def test_personal_downloads_are_no_store_others_are_not():
    personal = download_response(b"x", filename="Adressen.csv", personal=True)
    assert "no-store" in personal["Cache-Control"]
    assert "private" in personal["Cache-Control"]
    public = download_response(b"x", filename="distribution.csv", personal=False)
    assert "no-store" not in public.get("Cache-Control", "")
    assert public["Content-Type"] == "text/csv; charset=utf-8"
    assert public["X-Content-Type-Options"] == "nosniff"


def test_an_iterable_is_streamed():
    response = download_response(
        (part for part in (b"a;b\n", b"1;2\n")), filename="Liste.csv", personal=True
    )
    assert response.streaming
    assert b"".join(response.streaming_content) == b"a;b\n1;2\n"
    assert "no-store" in response["Cache-Control"]


def test_every_download_goes_through_the_helper():
    """No view sets Content-Disposition by hand (the next app copies what it finds)."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or path.name == "downloads.py":
            continue
        text = path.read_text()
        if "Content-Disposition" in text or "FileResponse" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


# --- the project's downloads ---------------------------------------------------------------


def assert_download(response, *, name_part: str, personal: bool) -> str:
    assert response.status_code == 200
    ascii_name, full = filenames(response["Content-Disposition"])
    assert ascii_name.isascii()
    shown = full or ascii_name
    assert name_part in shown, shown
    assert ("no-store" in response.get("Cache-Control", "")) == personal
    return shown


@pytest.fixture
def german_team(personas):
    team = personas["team"]
    Team.objects.filter(pk=team.pk).update(name="Klimateam Grünstadt")
    team.refresh_from_db()
    return team


def test_selection_documents_keep_umlauts(coordinator_client, german_team):
    from klimapakete.selection.tests.conftest import build_selection

    selection = build_selection(german_team, title="Bürgerrat Übach")
    kwargs = {"team_slug": german_team.slug, "selection_id": selection.pk}
    for name, extension in (
        ("request_pdf", "pdf"),
        ("request_docx", "docx"),
        ("letter_pdf", "pdf"),
        ("letter_docx", "docx"),
    ):
        response = coordinator_client.get(reverse(f"selection:{name}", kwargs=kwargs))
        shown = assert_download(response, name_part="Bürgerrat Übach", personal=False)
        assert shown.endswith(f".{extension}")
    respondent = selection.respondents.first()
    response = coordinator_client.get(
        reverse("selection:respondent_export", kwargs={**kwargs, "respondent_id": respondent.pk})
    )
    assert_download(response, name_part="respondent-", personal=True)


def test_workshop_printables_are_personal_and_named_in_german(coordinator_client, german_team):
    from klimapakete.workshops import services

    workshop = services.workshop_create(
        team=german_team,
        title="Zukunftswerkstatt Grünstadt",
        date=timezone.localdate() + timedelta(days=3),
        place="Bürgerhaus",
    )
    kwargs = {"team_slug": german_team.slug, "workshop_id": workshop.pk}
    response = coordinator_client.get(reverse("workshops:print_tables", kwargs=kwargs))
    shown = assert_download(response, name_part="Zukunftswerkstatt Grünstadt", personal=True)
    assert shown.startswith("Tischplan")


def test_the_team_export_is_personal_and_keeps_the_team_name(coordinator_client, german_team):
    response = coordinator_client.post(reverse("teams:export", args=[german_team.slug]))
    assert_download(response, name_part="Klimateam Grünstadt", personal=True)


def test_actor_exports_are_personal(coordinator_client, german_team):
    from klimapakete.actors.models import Actor

    actor = Actor.objects.create(team=german_team, name="Jörg Ärmel", kind="person")
    for fmt in ("csv", "xlsx"):
        response = coordinator_client.get(
            reverse(f"actors:export_{fmt}", kwargs={"team_slug": german_team.slug})
        )
        assert_download(response, name_part=f".{fmt}", personal=True)
    response = coordinator_client.get(
        reverse(
            "actors:personal_export", kwargs={"team_slug": german_team.slug, "actor_id": actor.pk}
        )
    )
    assert_download(response, name_part=".json", personal=True)


def test_a_large_xlsx_export_streams_the_same_table_as_before(coordinator_client, german_team):
    """The actor export comes from a temporary file in blocks; what the spreadsheet shows
    is what the workbook written in one piece held."""
    from klimapakete.actors.importing import services as import_services
    from klimapakete.actors.importing.forms import TARGET_LABELS
    from klimapakete.actors.models import Actor
    from klimapakete.tables import read_table, write_xlsx

    Actor.objects.bulk_create(
        Actor(team=german_team, name=f"Jörg Ärmel {i:04}", kind="person") for i in range(1500)
    )
    url = reverse("actors:export_xlsx", kwargs={"team_slug": german_team.slug})
    response = coordinator_client.get(url)
    assert response.streaming
    assert_download(response, name_part=".xlsx", personal=True)
    streamed = read_table(b"".join(response.streaming_content), "export.xlsx")
    labels = TARGET_LABELS["actors"]
    header = [str(labels[f]) for f in import_services.ACTOR_EXPORT_FIELDS]
    queryset = german_team.actors.order_by("name")
    before = read_table(
        write_xlsx(header, import_services.actors_export_iter(queryset)), "before.xlsx"
    )
    assert len(streamed.rows) == 1500
    assert sorted(streamed.rows) == sorted(before.rows) and streamed.header == before.header
