"""The council builder's pages as a team uses them: start, form, versions, status path."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for
from klimapakete.actors.models import Actor, AdminUnit, Conversation
from klimapakete.council import services
from klimapakete.council.models import CouncilProfile, Milestone, ProfileVersion
from klimapakete.council.profile import profile_from_data
from klimapakete.documents.testing import pdf_pages
from klimapakete.packages.models import ChecklistItem, ItemProgress


def url(name: str, team, **kwargs) -> str:
    return reverse(f"council:{name}", kwargs={"team_slug": team.slug, **kwargs})


def text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.fixture
def team(personas):
    return personas["team"]


@pytest.fixture
def record(team, personas):
    return services.profile_start(team=team, user=personas["coordinator"], reference="muenchen")


def form_data(record, **changes) -> dict:
    """The edit form as the browser would post it, with ``changes`` applied."""
    profile = profile_from_data(record.data)
    data = {
        "revision": record.revision,
        "name": profile.name,
        "reason": "Wir brauchen ihn.",
        "tasks": list(profile.tasks),
        "tasks_extra": "",
        "route": profile.route,
        "party_groups": "",
        "chair": profile.chair,
        "term_years": profile.term_years,
        "selection": "",
        "consultation_weeks": profile.consultation_weeks or "",
        "consultation_min_days": profile.consultation_min_days or "",
        "meetings_per_year": profile.meetings_per_year,
        "public": "yes",
        "quorum": "half",
        "quorum_number": "",
        "majority": "votes_cast",
        "allowance": "statute",
        "secretariat": "Referat für Klima- und Umweltschutz",
        "budget": "",
        "town": "Stadt Teststadt",
        "council_body": "Rat",
        "committee": "",
        "motion_mode": "mandate",
        "mandate_months": 3,
        "proposers": "",
        "lead_unit": "",
        "representatives": "",
        "recipient": "Stadt Teststadt\nBürgermeisterin / Bürgermeister",
        "seats-TOTAL_FORMS": len(profile.seats),
        "seats-INITIAL_FORMS": len(profile.seats),
        "seats-MIN_NUM_FORMS": 0,
        "seats-MAX_NUM_FORMS": 12,
    }
    for flag in ("consultation", "agenda_proposals", "speaking_rights", "document_access"):
        data[flag] = "on"
    data["written_procedure"] = "on"
    for n, seat in enumerate(profile.seats):
        data.update(
            {
                f"seats-{n}-group": seat.group,
                f"seats-{n}-label": seat.label,
                f"seats-{n}-count": seat.count,
                f"seats-{n}-nominated_by": "",
            }
        )
        if seat.voting:
            data[f"seats-{n}-voting"] = "on"
        if seat.deputies:
            data[f"seats-{n}-deputies"] = "on"
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


# --- start ---------------------------------------------------------------------------------


def test_the_tool_is_linked_from_steps_b1_and_b5(member_client, team):
    for step in ("profile", "motion"):
        page = member_client.get(reverse("packages:step", args=[team.slug, "klimabeirat", step]))
        assert url("profile", team) in page.content.decode()


def test_a_new_team_chooses_a_starting_point_with_sources(member_client, team):
    page = text(member_client.get(url("profile", team)))
    for council in ("München", "Münster", "Augsburg", "Bad Dürkheim"):
        assert council in page
    assert "lhm.muenchen.swm.de" in page  # the statute is linked
    assert "Nordrhein-Westfalen" in page


def test_starting_from_munich_fills_the_profile(member_client, team, personas):
    response = member_client.post(url("start", team), {"reference": "muenchen"})
    assert response.status_code == 302 and response["Location"] == url("edit", team)
    profile = profile_from_data(team.council_profile.data)
    assert profile.consultation_weeks == 4 and profile.total_seats == 16
    assert profile.town == "Stadt Teststadt"
    page = text(member_client.get(url("profile", team)))
    assert "in der Regel 4 Wochen vor der Abstimmung, mindestens 14 Tage" in page


def test_an_unknown_reference_is_refused(member_client, team):
    member_client.post(url("start", team), {"reference": "atlantis"})
    assert not CouncilProfile.objects.filter(team=team).exists()


def test_starting_again_keeps_the_old_draft_as_a_version(member_client, team, record):
    member_client.post(url("start", team), {"reference": "muenster"})
    record.refresh_from_db()
    assert profile_from_data(record.data).route == "rules"
    kept = record.versions.get()
    assert profile_from_data(kept.data).route == "statute"
    assert kept.note == "Stand vor dem Neubeginn"


# --- the form ------------------------------------------------------------------------------


def test_saving_the_form_changes_the_profile(member_client, team, record):
    response = member_client.post(url("edit", team), form_data(record, consultation_weeks=6))
    assert response.status_code == 302
    record.refresh_from_db()
    assert profile_from_data(record.data).consultation_weeks == 6
    assert record.revision == 2


@pytest.mark.parametrize(
    ("changes", "sentence"),
    [
        (
            {"quorum": "number", "quorum_number": 40},
            "Die Beschlussfähigkeit (40) ist größer als die Zahl der stimmberechtigten Sitze (16)",
        ),
        ({"consultation_weeks": 0}, "Eine Anhörungsfrist von 0 Wochen lässt dem Beirat keine Zeit"),
        ({"quorum": "number", "quorum_number": 0}, "Bei einer Beschlussfähigkeit von 0"),
    ],
)
def test_impossible_combinations_get_clear_messages(member_client, team, record, changes, sentence):
    response = member_client.post(url("edit", team), form_data(record, **changes))
    assert response.status_code == 200
    assert sentence in text(response)
    record.refresh_from_db()
    assert record.revision == 1


def test_a_council_without_any_vote_is_refused(member_client, team, record):
    seats = profile_from_data(record.data).seats
    changes = {f"seats-{n}-voting": None for n in range(len(seats))}
    response = member_client.post(url("edit", team), form_data(record, **changes))
    assert "Kein Sitz hat Stimmrecht" in text(response)


def test_an_empty_row_is_ignored_and_a_new_row_is_added(member_client, team, record):
    data = form_data(record)
    n = int(data["seats-TOTAL_FORMS"])
    data.update(
        {
            "seats-TOTAL_FORMS": n + 2,
            f"seats-{n}-group": "youth",
            f"seats-{n}-label": "Jugendrat",
            f"seats-{n}-count": 2,
            f"seats-{n}-voting": "on",
            f"seats-{n + 1}-group": "other",  # an untouched empty row, as a browser sends it
            f"seats-{n + 1}-voting": "on",
            f"seats-{n + 1}-deputies": "on",
        }
    )
    assert member_client.post(url("edit", team), data).status_code == 302
    record.refresh_from_db()
    assert [s.label for s in profile_from_data(record.data).seats][-1] == "Jugendrat"


def test_a_seat_group_can_be_removed(member_client, team, record):
    response = member_client.post(url("edit", team), form_data(record, **{"seats-0-DELETE": "on"}))
    assert response.status_code == 302
    record.refresh_from_db()
    assert profile_from_data(record.data).total_seats == 11


def test_two_people_editing_at_once_do_not_overwrite_each_other(member_client, team, record):
    first = form_data(record, consultation_weeks=5)
    second = form_data(record, consultation_weeks=3)
    member_client.post(url("edit", team), first)
    response = member_client.post(url("edit", team), second)
    assert "Jemand anderes aus deinem Team hat den Steckbrief gespeichert" in text(response)
    record.refresh_from_db()
    assert profile_from_data(record.data).consultation_weeks == 5


def test_unknown_state_facts_are_said_plainly_on_the_form(member_client, team, record):
    team.federal_state = "BY"
    team.save()
    page = text(member_client.get(url("edit", team)))
    # Bavaria: whether advisory councils must be in the Hauptsatzung was not checked.
    assert "nicht geprüft" in page
    assert "Kommunalaufsicht" in page


def test_the_state_rules_page_lists_every_fact_with_its_source(member_client, team):
    page = text(member_client.get(url("rules", team)))
    assert "§ 48 Abs. 1 GO NRW" in page and "§ 58 Abs. 3 und 4 GO NRW" in page
    assert "im Gesetzestext geprüft" in page and "nicht geprüft" in page


# --- versions ------------------------------------------------------------------------------


def test_versions_show_what_changed(member_client, team, record, personas):
    member_client.post(url("versions", team), {"note": "Für die Fraktionen"})
    member_client.post(url("edit", team), form_data(record, consultation_weeks=6))
    page = text(member_client.get(url("versions", team)))
    assert "Anhörungsfrist: 4 → 6 Wochen" in page  # not yet kept
    member_client.post(url("versions", team), {"note": "Nach dem Gespräch"})
    page = text(member_client.get(url("versions", team)))
    assert "Version 2" in page and "Nach dem Gespräch" in page
    assert "Anhörungsfrist: 4 → 6 Wochen" in page
    first = record.versions.get(number=1)
    detail = text(member_client.get(url("version", team, version_id=first.pk)))
    assert "Anhörungsfrist: 4 → 6 Wochen" in detail


def test_an_unchanged_draft_is_not_kept_twice(member_client, team, record):
    member_client.post(url("versions", team), {"note": ""})
    response = member_client.post(url("versions", team), {"note": ""}, follow=True)
    assert "Seit Version 1 hat sich nichts geändert" in text(response)
    assert record.versions.count() == 1


def test_the_number_of_versions_is_limited(member_client, team, record, settings):
    settings.COUNCIL_MAX_VERSIONS = 1
    member_client.post(url("versions", team), {"note": ""})
    member_client.post(url("edit", team), form_data(record, consultation_weeks=6))
    response = member_client.post(url("versions", team), {"note": ""}, follow=True)
    assert "höchstens 1 Version" in text(response)


def test_only_coordinators_delete_versions(member_client, coordinator_client, team, record):
    version = services.version_create(record=record, user=None, note="")
    assert member_client.post(url("version_delete", team, version_id=version.pk)).status_code == 403
    assert (
        coordinator_client.post(url("version_delete", team, version_id=version.pk)).status_code
        == 302
    )
    assert not ProfileVersion.objects.filter(pk=version.pk).exists()


def test_another_teams_version_is_not_found(outsider_client, personas, record):
    other = services.profile_start(team=personas["other_team"], user=personas["outsider"])
    version = services.version_create(record=other, user=None, note="")
    response = client_for(personas["member"]).get(
        url("version", personas["team"], version_id=version.pk)
    )
    assert response.status_code == 404


# --- comparison ----------------------------------------------------------------------------


def test_the_comparison_puts_the_profile_next_to_the_four_councils(member_client, team, record):
    page = text(member_client.get(url("compare", team)))
    for council in ("München", "Münster", "Augsburg", "Bad Dürkheim"):
        assert council in page
    assert "Euer Klimarat" in page
    assert "keine Frist gefunden" in page  # Münster, Augsburg, Bad Dürkheim
    assert "4 Wochen, mindestens 14 Tage" in page


# --- status path ---------------------------------------------------------------------------


def _stage(client, team, stage, **values):
    data = {"stage": stage, "date": "2026-03-01", **values}
    return client.post(url("status", team), data)


def _party_talk(team):
    group = AdminUnit.objects.create(team=team, kind="party_group", name="Fraktion Grüne")
    actor = Actor.objects.create(team=team, name="Aylin Demir", unit=group)
    return Conversation.objects.create(team=team, actor=actor, date=date(2026, 2, 1), answer="Ja")


def test_the_way_from_motion_to_first_meeting(member_client, team, record):
    talk = _party_talk(team)
    assert _stage(member_client, team, "discussed", conversations=[talk.pk]).status_code == 302
    page = text(member_client.get(url("status", team)))
    assert "Fraktion Grüne: Aylin Demir" in page
    assert _stage(member_client, team, "submitted", variant="group", who="Grüne").status_code == 302
    assert _stage(member_client, team, "on_agenda", who="Umweltausschuss").status_code == 302
    assert (
        _stage(
            member_client, team, "decided", outcome="changed", adopted_text="§ 1 Der Beirat …"
        ).status_code
        == 302
    )
    assert _stage(member_client, team, "appointed").status_code == 302
    assert _stage(member_client, team, "constituted").status_code == 302
    stages = list(record.milestones.values_list("stage", flat=True))
    assert stages == ["discussed", "submitted", "on_agenda", "decided", "appointed", "constituted"]
    submitted = record.milestones.get(stage="submitted")
    assert submitted.version.note == "Fraktionsantrag – eingereicht"  # what was submitted
    assert profile_from_data(submitted.version.data) == profile_from_data(record.data)
    dashboard = text(member_client.get(reverse("teams:dashboard", args=[team.slug])))
    assert "Aktuelle Station: konstituiert" in dashboard


def test_a_stage_needs_the_one_before(member_client, team, record):
    response = _stage(member_client, team, "decided", outcome="adopted")
    assert "Trag zuerst ein: Antrag eingereicht." in text(response)
    assert not record.milestones.exists()


def test_after_a_rejection_only_a_new_submission_goes_on(member_client, team, record):
    _stage(member_client, team, "submitted", variant="residents")
    _stage(member_client, team, "decided", outcome="rejected")
    response = _stage(member_client, team, "appointed")
    assert "Der Antrag wurde abgelehnt" in text(response)
    assert _stage(member_client, team, "submitted", variant="group").status_code == 302
    page = text(member_client.get(url("status", team)))
    assert "Früherer Anlauf" in page


def test_the_adopted_text_can_be_uploaded_later(member_client, team, record):
    _stage(member_client, team, "submitted", variant="group")
    _stage(member_client, team, "decided", outcome="adopted")
    decision = record.milestones.get(stage="decided")
    pdf = SimpleUploadedFile("Beschluss Klimabeirat.pdf", b"%PDF-1.7 Beschluss", "application/pdf")
    member_client.post(url("milestone_text", team, milestone_id=decision.pk), {"upload": pdf})
    download = member_client.get(url("milestone_file", team, milestone_id=decision.pk))
    assert download.content == b"%PDF-1.7 Beschluss"
    assert "Beschluss Klimabeirat.pdf" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("Beschluss.exe", b"MZ", "Lade den beschlossenen Text als PDF"),
        ("Beschluss.pdf", b"not a pdf", "Lade den beschlossenen Text als PDF"),
        ("Beschluss.txt", "ä".encode("latin-1"), "Lade den beschlossenen Text als PDF"),
        ("Beschluss.pdf", b"%PDF" + b"x" * 2000, "Die Datei ist größer als"),
    ],
)
def test_uploads_are_checked(member_client, team, record, settings, name, content, sentence):
    settings.COUNCIL_UPLOAD_MAX_BYTES = 1000
    _stage(member_client, team, "submitted", variant="group")
    upload = SimpleUploadedFile(name, content)
    response = _stage(member_client, team, "decided", outcome="adopted", upload=upload)
    assert sentence in text(response)
    assert not record.milestones.filter(stage="decided").exists()


def test_conversations_of_another_team_cannot_be_linked(member_client, team, record, personas):
    other = _party_talk(personas["other_team"])
    response = _stage(member_client, team, "discussed", conversations=[other.pk])
    assert response.status_code == 200
    assert not record.milestones.exists()


def _item(step: str, key: str) -> ChecklistItem:
    return ChecklistItem.objects.get(step__package__key="klimabeirat", step__key=step, key=key)


def test_checklist_items_are_offered_and_ticked_only_on_confirmation(member_client, team, record):
    _stage(member_client, team, "submitted", variant="group")
    assert not ItemProgress.objects.filter(team=team, done_at__isnull=False).exists()
    page = text(member_client.get(url("status", team)))
    sponsors = _item("motion", "win-sponsors")
    deadlines = _item("motion", "check-deadlines")
    assert sponsors.text_de in page and deadlines.text_de in page
    member_client.post(url("offers", team), {"items": [sponsors.pk]})
    done = ItemProgress.objects.filter(team=team, done_at__isnull=False)
    assert list(done.values_list("item", flat=True)) == [sponsors.pk]
    member_client.post(url("offers", team), {"dismiss": deadlines.pk})
    page = text(member_client.get(url("status", team)))
    assert sponsors.text_de not in page and deadlines.text_de not in page


def test_items_of_later_stages_are_not_offered(member_client, team, record):
    attend = _item("motion", "attend-vote")
    response = member_client.post(url("offers", team), {"items": [attend.pk]}, follow=True)
    assert "nicht angeboten" in text(response)
    assert not ItemProgress.objects.filter(team=team, item=attend).exists()


def test_after_adoption_the_meetings_run_as_a_round_table_series(member_client, team, record):
    response = member_client.post(url("meeting_series", team), {"first_date": "2026-05-04"})
    assert not record.round_table_id
    _stage(member_client, team, "submitted", variant="group")
    _stage(member_client, team, "decided", outcome="adopted")
    response = member_client.post(
        url("meeting_series", team), {"first_date": "2026-05-04", "start_time": "17:00"}
    )
    record.refresh_from_db()
    series = record.round_table
    assert response["Location"] == reverse("workshops:roundtable", args=[team.slug, series.pk])
    assert series.title == "Klimarat Stadt Teststadt"
    assert (series.frequency, series.interval) == ("monthly", 3)  # four meetings a year


def test_only_coordinators_delete_entries(member_client, coordinator_client, team, record):
    milestone = Milestone.objects.create(profile=record, stage="submitted", date=date(2026, 1, 1))
    assert (
        member_client.post(url("milestone_delete", team, milestone_id=milestone.pk)).status_code
        == 403
    )
    coordinator_client.post(url("milestone_delete", team, milestone_id=milestone.pk))
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


# --- reads ---------------------------------------------------------------------------------


def test_pages_do_not_write(member_client, team, record):
    for name in ("profile", "edit", "versions", "compare", "rules", "status"):
        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(url(name, team)).status_code == 200
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        ]
        assert writes == [], name


def test_query_counts_do_not_grow_with_the_data(member_client, team, record):
    def counts():
        result = {}
        for name in ("profile", "versions", "status"):
            with CaptureQueriesContext(connection) as queries:
                member_client.get(url(name, team))
            result[name] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            member_client.get(reverse("teams:dashboard", args=[team.slug]))
        result["dashboard"] = len(queries)
        return result

    services.version_create(record=record, user=None, note="")
    _stage(member_client, team, "discussed", conversations=[_party_talk(team).pk])
    before = counts()
    for n in range(4):
        member_client.post(url("edit", team), form_data(record, consultation_weeks=n + 5))
        record.refresh_from_db()
        services.version_create(record=record, user=None, note=str(n))
        _stage(member_client, team, "discussed", conversations=[_party_talk(team).pk])
    after = counts()
    # Never more with more data (fewer is fine: the first visit fills the shared cache).
    assert all(after[name] <= before[name] for name in before), (before, after)


def test_the_export_contains_the_profile_versions_and_stages(team, record):
    from klimapakete.council.selectors import council_export

    services.version_create(record=record, user=None, note="v1")
    Milestone.objects.create(profile=record, stage="submitted", date=date(2026, 1, 1))
    tables = council_export(team)
    assert tables["council_profile"][0]["profile"]["name"] == "Klimarat"
    assert [v["note"] for v in tables["council_versions"]] == ["v1"]
    assert tables["council_milestones"][0]["stage"] == "submitted"


def test_the_english_summary_for_english_users(team, record, personas):
    user = personas["member"]
    user.language = "en"
    user.save()
    page = text(client_for(user).get(url("profile", team)))
    assert "Consulted before climate-relevant decisions, as a rule 4 weeks before the vote" in page
    assert "Statute (Satzung) adopted by the council" in page


def test_the_demo_team_has_a_profile_a_submitted_motion_and_two_versions(packages):
    from django.core.management import call_command

    call_command("demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    record = CouncilProfile.objects.get(team__name="LocalZero Musterstadt")
    assert record.team.federal_state == "NW"
    assert record.versions.count() == 2
    submitted = record.milestones.get(stage="submitted", variant="group")
    assert submitted.version.number == 2  # unchanged since version 2, so that one is linked
    assert record.milestones.get(stage="discussed").conversations.count() == 2
    first, second = (profile_from_data(v.data) for v in record.versions.order_by("number"))
    assert (first.consultation_weeks, second.consultation_weeks) == (2, 4)


# --- documents -----------------------------------------------------------------------------


def test_the_documents_page_names_what_each_document_still_needs(member_client, team, record):
    page = text(member_client.get(url("documents", team)))
    # Munich as a start: no party groups, representatives or department entered yet.
    assert "Dieses Dokument braucht noch: Antragstellende Fraktionen" in page
    assert "Vertrauenspersonen des Einwohnerantrags" in page
    assert url("document_docx", team, kind="satzung") in page
    assert url("document_docx", team, kind="fraktionsantrag") not in page


def test_documents_download_as_docx_and_pdf_with_umlauts(member_client, team, personas):
    services.profile_start(team=team, user=personas["member"], reference="muenster")
    docx_response = member_client.get(url("document_docx", team, kind="satzung"))
    assert docx_response.status_code == 200
    disposition = docx_response["Content-Disposition"]
    assert "filename*=utf-8''Gesch%C3%A4ftsordnung%20Klimabeirat%20Stadt%20Teststadt.docx" in (
        disposition
    )
    opened = docx.Document(io.BytesIO(docx_response.content))
    assert any(p.text.startswith("§\u00a01") for p in opened.paragraphs)
    pdf = member_client.get(url("document_pdf", team, kind="steckbrief"))
    assert pdf["Content-Type"] == "application/pdf" and pdf_pages(pdf.content) == 1


def test_an_incomplete_document_is_not_drafted(member_client, team, record):
    response = member_client.get(url("document_pdf", team, kind="fraktionsantrag"), follow=True)
    assert response.redirect_chain[-1][0] == url("documents", team)
    assert "Dieses Dokument braucht zuerst einen vollständigen Steckbrief." in text(response)


def test_a_profile_with_problems_drafts_nothing(member_client, team, personas):
    services.profile_start(team=team, user=personas["member"], reference="augsburg")
    response = member_client.get(url("document_pdf", team, kind="satzung"))
    assert response.status_code == 302
    page = text(member_client.get(url("documents", team)))
    assert "Wie viele Sitze bekommt" in page


def test_an_unknown_document_is_not_found(member_client, team, record):
    assert member_client.get(url("document_pdf", team, kind="roman")).status_code == 404


def test_english_users_see_the_sections_in_english(team, record, personas):
    user = personas["member"]
    user.language = "en"
    user.save()
    page = text(client_for(user).get(url("documents", team)))
    assert "Conflicts of interest" in page and "(Befangenheit)" in page
    assert "in German, because they go to German councils" in page


def test_the_team_export_holds_the_milestone_documents_and_none_of_another_team(
    team, record, personas
):
    import csv
    import zipfile

    from klimapakete.teams.exports import team_export_zip

    ours = "Beschluss: Klimarat wird gebildet, Gespräch geführt.\n".encode()
    services.milestone_record(
        record=record,
        user=personas["coordinator"],
        stage="discussed",
        day=date(2026, 1, 5),
        upload=SimpleUploadedFile("Gespräch.txt", ours),
    )
    other = services.profile_start(
        team=personas["other_team"], user=personas["outsider"], reference="muenchen"
    )
    theirs = b"Fremder Antrag, nicht unserer.\n"
    services.milestone_record(
        record=other,
        user=personas["outsider"],
        stage="discussed",
        day=date(2026, 1, 6),
        upload=SimpleUploadedFile("Antrag.txt", theirs),
    )
    archive = zipfile.ZipFile(io.BytesIO(team_export_zip(team)))
    rows = list(csv.DictReader(io.StringIO(archive.read("council_milestones.csv").decode())))
    assert [r["file_name"] for r in rows] == ["Gespräch.txt"]
    assert archive.read(rows[0]["file"]) == ours  # the document itself, not only its name
    files = [n for n in archive.namelist() if n.startswith("files/")]
    assert files == [rows[0]["file"]]
    assert not any(theirs in archive.read(n) for n in archive.namelist())
