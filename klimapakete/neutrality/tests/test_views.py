"""The neutrality pages as a team uses them: boundary, influence, baseline, import,
factors, the definition document and the support overview (German by default)."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for, make_user
from klimapakete.documents.testing import contains, pdf_pages, pdf_text
from klimapakete.neutrality import services
from klimapakete.neutrality.calc import Entry
from klimapakete.neutrality.definition import Boundary, Definition
from klimapakete.neutrality.models import BaselineEntry
from klimapakete.neutrality.models import Definition as DefinitionRecord
from klimapakete.neutrality.selectors import target_year
from klimapakete.tables import write_xlsx


def url(name: str, team, **kwargs) -> str:
    return reverse(f"neutrality:{name}", kwargs={"team_slug": team.slug, **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def team(personas):
    return personas["team"]


@pytest.fixture
def filled(team, personas):
    user = personas["coordinator"]
    services.frame_save(
        team=team, user=user, base_year=2022, population=50_000, budget_key="sru2024_175_67"
    )
    services.baseline_replace(
        team=team,
        user=user,
        entries=[Entry("households", "natural_gas", 100_000), Entry("transport", "diesel", 50_000)],
    )
    return DefinitionRecord.objects.get(team=team)


BOUNDARY_POST = {
    "basis": "bisko",
    "gases": "ksg",
    "sectors": ["households", "commerce", "industry", "municipal", "transport"],
    "electricity": "national_mix",
    "residual": "sinks",
    "scope": "both",
    "target_year": "2040",
    "administration_year": "2035",
    "residual_percent": "7,5",
    "wording": "thg",
}


def test_a_new_team_sees_the_bisko_default_without_anything_being_saved(member_client, team):
    response = member_client.get(url("definition", team))
    assert response.status_code == 200
    page = text(response)
    assert "Definition lokaler Klimaneutralität" in page
    assert "BISKO" in page
    assert "Noch keine Ausgangsbilanz" in page
    assert not DefinitionRecord.objects.exists()
    assert target_year(team) is None


def test_boundary_is_saved_with_its_consequences(member_client, team):
    page = text(member_client.get(url("boundary", team)))
    assert "nicht BISKO-konform" in page  # the consequence next to local green power
    response = member_client.post(url("boundary", team), BOUNDARY_POST)
    assert response.status_code == 302
    boundary = DefinitionRecord.objects.get(team=team).data["boundary"]
    assert boundary["target_year"] == 2040
    assert boundary["administration_year"] == 2035
    assert boundary["residual_percent"] == 7.5
    assert target_year(team) == 2040
    page = text(member_client.get(url("definition", team)))
    assert "Verwaltung 2035" in page


def test_boundary_needs_the_administration_year_when_both(member_client, team):
    response = member_client.post(
        url("boundary", team), {**BOUNDARY_POST, "administration_year": ""}
    )
    assert response.status_code == 200
    assert "Jahr für die Verwaltung" in text(response)


def test_influence_matrix_is_prefilled_and_editable(member_client, team):
    page = text(member_client.get(url("influence", team)))
    assert "Verbrauchen und Vorbild sein" in page
    data = {
        f"{s}__{r}": "little"
        for s in ["households", "commerce", "industry", "municipal", "transport"]
        for r in ["consumer", "supplier", "regulator", "motivator"]
    }
    data["industry__regulator"] = "direct"
    assert member_client.post(url("influence", team), data).status_code == 302
    stored = DefinitionRecord.objects.get(team=team).data["influence"]
    assert stored["industry"]["regulator"] == "direct"
    assert stored["municipal"]["consumer"] == "little"


def test_entries_in_german_numbers_and_units(member_client, team):
    response = member_client.post(
        url("entry_add", team),
        {
            "entry-sector": "households",
            "entry-carrier": "heating_oil",
            "entry-amount": "1.234,5",
            "entry-unit": "GWh",
            "entry-quality": "B",
        },
    )
    assert response.status_code == 302
    entry = BaselineEntry.objects.get()
    assert entry.amount == 1_234_500.0
    page = text(member_client.get(url("baseline", team)))
    # 1,234,500 MWh × 318 g/kWh = 392,571 t
    assert "392.571 t CO2e" in page


def test_the_entry_form_stays_open_after_an_add(member_client, team):
    fields = {"entry-carrier": "direct", "entry-amount": "5", "entry-unit": "t"}
    fields |= {"entry-quality": "B"}
    for sector in ("households", "industry"):
        response = member_client.post(
            url("entry_add", team), {**fields, "entry-sector": sector}, follow=True
        )
        html = response.content.decode()
        assert '<details id="add-entry" open>' in html
    plain = member_client.get(url("baseline", team)).content.decode()
    assert '<details id="add-entry">' in plain  # entries exist: closed on a plain visit


def test_an_entry_with_the_wrong_unit_is_refused(member_client, team):
    response = member_client.post(
        url("entry_add", team),
        {
            "entry-sector": "households",
            "entry-carrier": "heating_oil",
            "entry-amount": "5",
            "entry-unit": "t",
            "entry-quality": "B",
        },
    )
    assert response.status_code == 400
    assert not BaselineEntry.objects.exists()


def test_balance_per_capita_path_and_budget(member_client, team, filled):
    page = text(member_client.get(url("baseline", team)))
    # 100,000 MWh gas × 247 + 50,000 MWh diesel × 331 = 24,700 + 16,550 t
    assert "41.250 t CO2e" in page
    assert "0,8 t pro Einwohner:in" in page
    assert "Zielpfad" in page
    assert "Restbudget" in page
    assert 'id="not-bisko"' not in page


def test_a_changed_factor_shows_the_non_conformity_notice(member_client, team, filled):
    response = member_client.post(
        url("factor", team), {"factor-carrier": "natural_gas", "factor-value": "200"}
    )
    assert response.status_code == 302
    page = text(member_client.get(url("definition", team)))
    assert "Nicht BISKO-konform" in page
    assert "Erdgas" in page
    member_client.post(url("factor", team), {"factor-carrier": "natural_gas", "factor-value": ""})
    assert "Nicht BISKO-konform" not in text(member_client.get(url("definition", team)))


def test_district_heat_needs_a_factor_which_keeps_conformity(member_client, team, filled):
    services.entry_add(team=team, user=None, entry=Entry("municipal", "district_heat", 1000))
    assert "Wärmenetzes" in text(member_client.get(url("baseline", team)))
    member_client.post(
        url("factor", team), {"factor-carrier": "district_heat", "factor-value": "180"}
    )
    page = text(member_client.get(url("baseline", team)))
    assert "41.430 t CO2e" in page
    assert "Nicht BISKO-konform" not in page


def test_import_replaces_the_baseline_all_or_nothing(member_client, team, filled):
    bad = "Sektor;Energieträger;Menge (MWh)\nHaushalte;Erdgas;10\nMond;Strom;5\n".encode()
    response = member_client.post(
        url("import", team), {"file": SimpleUploadedFile("bilanz.csv", bad, "text/csv")}
    )
    assert response.status_code == 400
    assert "Zeile 3: unbekannter Sektor „Mond“" in text(response)
    assert BaselineEntry.objects.count() == 2  # unchanged
    good = write_xlsx(
        ["Sektor", "Energieträger", "Endenergie (GWh)"],
        [["Private Haushalte", "Strom", 1.5], ["Verkehr", "Benzin", 2]],
    )
    response = member_client.post(
        url("import", team), {"file": SimpleUploadedFile("bilanz.xlsx", good)}
    )
    assert response.status_code == 302
    assert sorted(BaselineEntry.objects.values_list("amount", flat=True)) == [1500.0, 2000.0]


def test_an_oversized_import_is_refused_unread(member_client, team, settings):
    settings.NEUTRALITY_MAX_ENTRIES = 2
    rows = "".join("Haushalte;Strom;1\n" for _ in range(3))
    data = ("Sektor;Energieträger;Menge\n" + rows).encode()
    response = member_client.post(url("import", team), {"file": SimpleUploadedFile("b.csv", data)})
    assert response.status_code == 400
    assert "mehr als 2 Zeilen" in text(response)


def test_an_import_limit_of_one_row_reads_in_the_singular(member_client, team, settings):
    settings.NEUTRALITY_MAX_ENTRIES = 1
    page = text(member_client.get(url("baseline", team)))
    assert "und 1 Zeile. Der Import ersetzt alle Einträge." in page
    settings.NEUTRALITY_MAX_ENTRIES = 500
    assert "und 500 Zeilen." in text(member_client.get(url("baseline", team)))


def test_templates_download_and_import_unchanged(member_client, team):
    for name in ("template_csv", "template_xlsx"):
        response = member_client.get(url(name, team))
        assert response.status_code == 200
        content = b"".join(response) if response.streaming else response.content
        upload = SimpleUploadedFile(f"vorlage.{name[-4:].strip('_')}", content)
        assert member_client.post(url("import", team), {"file": upload}).status_code == 302
        assert BaselineEntry.objects.count() == 7


def test_definition_document_pdf_and_docx(member_client, team, filled, personas):
    services.boundary_save(
        team=team,
        user=personas["member"],
        boundary=Boundary(target_year=2038),
        definition=Definition(),
    )
    pdf = member_client.get(url("document_pdf", team))
    assert pdf.status_code == 200
    content = b"".join(pdf) if pdf.streaming else pdf.content
    assert pdf_pages(content) == 1
    assert contains(content, "Teststadt wird bis 2038 treibhausgasneutral.")
    assert contains(content, "41.250")
    assert "Sachverständigenrat" in pdf_text(content)
    response = member_client.get(url("document_docx", team))
    data = b"".join(response) if response.streaming else response.content
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "Definition lokaler Klimaneutralität für Teststadt" in words


def test_an_entry_of_another_team_cannot_be_removed(outsider_client, member_client, team, filled):
    entry = BaselineEntry.objects.first()
    response = outsider_client.post(url("entry_delete", team, neutrality_entry_id=entry.pk))
    assert response.status_code == 404
    assert (
        member_client.post(url("entry_delete", team, neutrality_entry_id=entry.pk)).status_code
        == 302
    )
    assert not BaselineEntry.objects.filter(pk=entry.pk).exists()


def test_support_sees_counts_only_never_teams(support_client, member_client, personas, settings):
    from klimapakete.teams.services import team_create

    settings.NEUTRALITY_AGGREGATE_MIN_TEAMS = 2
    response = support_client.get(reverse("neutrality_support:aggregate"))
    assert "erscheint, sobald mindestens 2 Teams" in text(response)
    for index, year in enumerate((2035, 2036, 2045)):
        user = make_user(f"n{index}@example.org", f"N {index}")
        other = team_create(
            user=user, name=f"Geheimteam {index}", municipality=f"Ort{index}", federal_state="BY"
        )
        services.boundary_save(
            team=other, user=user, boundary=Boundary(target_year=year), definition=Definition()
        )
    page = text(support_client.get(reverse("neutrality_support:aggregate")))
    assert "2035–2039" in page and "2 " in page
    assert "weniger als 2" in page  # the single team aiming at 2045
    assert "Geheimteam" not in page and "Ort0" not in page
    assert member_client.get(reverse("neutrality_support:aggregate")).status_code == 404


def test_outsiders_get_404(outsider_client, team):
    assert outsider_client.get(url("definition", team)).status_code == 404
    assert client_for(make_user("x@example.org", "X")).get(url("baseline", team)).status_code == 404


def test_the_widest_definition_still_keeps_to_one_page(member_client, team, filled, personas):
    from klimapakete.neutrality.definition import SECTORS

    services.boundary_save(
        team=team,
        user=personas["member"],
        boundary=Boundary(
            basis="einfluss",
            sectors=list(SECTORS),
            electricity="local_green",
            scope="both",
            administration_year=2030,
        ),
        definition=Definition(),
    )
    for sector in (
        "process",
        "agriculture",
        "land_use",
        "waste",
        "commerce",
        "industry",
        "municipal",
    ):
        services.entry_add(team=team, user=None, entry=Entry(sector, "direct", 1234.0))
    response = member_client.get(url("document_pdf", team))
    pdf = b"".join(response) if response.streaming else response.content
    assert pdf_pages(pdf) == 1
    assert contains(pdf, "Abfall und Abwasser")
    assert contains(pdf, "nicht BISKO-konform")


def test_the_demo_team_has_a_definition_with_a_baseline(db, packages):
    import io as _io

    from django.core.management import call_command

    call_command("demo_data", stdout=_io.StringIO())
    record = DefinitionRecord.objects.select_related("team").get()
    assert record.entries.count() == 12
    coordinator = record.team.memberships.get(role="coordinator").user
    page = text(client_for(coordinator).get(url("definition", record.team)))
    assert "Zieljahr 2040" in page and "Verwaltung 2035" in page
    assert "t CO2e im Basisjahr" in page
    assert "Nicht BISKO-konform" not in page


def test_the_support_overview_links_to_the_neutrality_counts(support_client):
    page = text(support_client.get(reverse("support:dashboard")))
    assert "Wie Teams Klimaneutralität definieren" in page
    assert reverse("neutrality_support:aggregate") in page


def test_page_queries_do_not_grow_with_the_entries(member_client, team, filled):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url("baseline", team)).status_code == 200
        return len(queries)

    before = count()
    for _ in range(20):
        services.entry_add(team=team, user=None, entry=Entry("industry", "lpg", 10.0))
    assert count() == before
