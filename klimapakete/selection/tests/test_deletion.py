"""Retention and deletion: after N days, on closing, on request; the log names nobody."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klimapakete.selection import selectors
from klimapakete.selection.models import DeletionLog, Respondent, Selection
from klimapakete.selection.services import retention
from klimapakete.selection.tasks import purge_selection
from klimapakete.selection.tests.conftest import build_selection


def url(name, selection, **kwargs):
    return reverse(
        f"selection:{name}",
        kwargs={"team_slug": selection.team.slug, "selection_id": selection.pk, **kwargs},
    )


def fake_draw(selection, days_ago: int, panel=(1, 2, 3, 4)):
    Selection.objects.filter(pk=selection.pk).update(
        status=Selection.Status.DRAWN,
        drawn_at=timezone.now() - timedelta(days=days_ago),
        drawn_panel=list(panel),
    )
    selection.respondents.filter(number__in=panel).update(status=Respondent.Status.SELECTED)
    selection.refresh_from_db()


def log_text(selection) -> str:
    return " ".join(
        f"{e.what} {e.count} {e.reason} {e.at}"
        for e in DeletionLog.objects.filter(selection=selection)
    )


def test_not_selected_data_is_kept_until_the_retention_period_ends(selection, member_client):
    fake_draw(selection, days_ago=29)
    call_command("purge_selection_data")
    member_client.get(url("detail", selection))
    assert not selection.respondents.filter(personal_data_deleted_at__isnull=False).exists()


def test_the_daily_purge_after_n_days_deletes_the_data_of_those_not_selected(
    selection, member_client
):
    # Pages only read (no writes on GET): the daily command deletes what is due.
    fake_draw(selection, days_ago=31)
    call_command("purge_selection_data")
    page = member_client.get(url("detail", selection)).content.decode()
    erased = selection.respondents.filter(personal_data_deleted_at__isnull=False)
    assert erased.count() == 8
    assert set(erased.values_list("name", flat=True)) == {""}
    assert set(selection.respondents.filter(status="selected").values_list("name", flat=True)) == {
        "Person 1",
        "Person 2",
        "Person 3",
        "Person 4",
    }
    entry = DeletionLog.objects.get(selection=selection)
    assert (entry.what, entry.count, entry.reason) == ("personal_data", 8, "retention")
    assert "Person" not in log_text(selection) and "example.org" not in log_text(selection)
    assert "names and contact details of respondents" in page


def test_the_retention_period_is_configurable(selection):
    Selection.objects.filter(pk=selection.pk).update(retention_days=7)
    fake_draw(selection, days_ago=8)
    assert retention.selection_purge(selection=selection) == 8


def test_the_command_and_the_task_purge_every_due_selection(personas, capsys):
    first = build_selection(personas["team"])
    second = build_selection(personas["other_team"], title="Other")
    fake_draw(first, days_ago=40)
    fake_draw(second, days_ago=2)
    call_command("purge_selection_data")
    assert "8 respondent" in capsys.readouterr().out
    assert first.respondents.filter(name="").count() == 8
    assert second.respondents.filter(name="").count() == 0
    fake_draw(second, days_ago=31)
    purge_selection.enqueue(selection_id=second.pk)
    assert second.respondents.filter(name="").count() == 8


def test_closing_deletes_everyones_personal_data(selection, coordinator_client, member_client):
    fake_draw(selection, days_ago=1)
    assert member_client.post(url("close", selection)).status_code == 403
    coordinator_client.post(url("close", selection))
    selection.refresh_from_db()
    assert selection.status == Selection.Status.CLOSED
    assert set(selection.respondents.values_list("name", "contact")) == {("", "")}
    assert DeletionLog.objects.filter(selection=selection, reason="closed", count=12).exists()
    page = coordinator_client.get(url("respondents", selection)).content.decode()
    assert "Person 1" not in page and "all names and contact details have been deleted" in page


def test_after_a_computation_a_deletion_request_keeps_the_number(selection, member_client):
    run = selection.runs.create(
        instance={"categories": [], "quotas": [], "respondents": [], "panel_size": 4}
    )
    assert run
    person = selection.respondents.get(number=5)
    member_client.post(url("respondent_delete", selection, respondent_id=person.pk))
    person.refresh_from_db()
    assert (person.name, person.contact, person.number) == ("", "", 5)
    assert person.personal_data_deleted_at is not None


EXTRACT = "Vorname,Nachname,Strasse,Alter\n" + "".join(
    f'V{i},=HYPERLINK("x"),Weg {i},{"young" if i % 2 else "old"}\n' for i in range(400)
)


def test_the_address_draw_keeps_only_the_drawn_rows_and_records_the_deletion(
    selection, member_client
):
    Selection.objects.filter(pk=selection.pk).update(
        panel_size=10, letter_multiplier=10, stratify_by=selection.categories.get(name="age")
    )
    upload = io.BytesIO(EXTRACT.encode())
    upload.name = "extract.csv"
    response = member_client.post(
        url("addresses", selection), {"file": upload, "column": "Alter"}, follow=True
    )
    record = selection.address_draws.get()
    # young: 40 % of 10 seats at 5 % → 80; old: 60 % at 10 % → 60
    assert record.per_stratum == {"young": 80, "old": 60}
    assert record.drawn_rows == 140 and record.extract_rows == 400
    assert record.extract_deleted_at is not None
    assert "the extract was not stored" in response.content.decode()
    mail_merge = member_client.get(url("address_download", selection, draw_id=record.pk))
    rows = list(csv.reader(io.StringIO(b"".join(mail_merge.streaming_content).decode())))
    assert len(rows) == 141
    assert rows[1][1].startswith("'=")  # formula-safe
    member_client.post(url("address_delete", selection, draw_id=record.pk))
    record.refresh_from_db()
    assert record.rows == [] and record.addresses_deleted_at is not None
    whats = set(DeletionLog.objects.filter(selection=selection).values_list("what", "count"))
    assert whats == {("register_extract", 400), ("addresses", 140)}


def test_an_extract_with_unknown_strata_or_too_few_people_draws_nothing(selection, member_client):
    Selection.objects.filter(pk=selection.pk).update(
        stratify_by=selection.categories.get(name="age")
    )
    upload = io.BytesIO(b"Name,Alter\nA,young\nB,mittel\n")
    upload.name = "extract.csv"
    response = member_client.post(
        url("addresses", selection), {"file": upload, "column": "Alter"}, follow=True
    )
    assert "Row 3: “mittel” is not a value of Alter" in response.content.decode()
    assert not selection.address_draws.exists()
    upload = io.BytesIO(b"Name,Alter\nA,young\nB,old\n")
    upload.name = "extract.csv"
    response = member_client.post(
        url("addresses", selection), {"file": upload, "column": "Alter"}, follow=True
    )
    assert (
        "fewer people in young in the extract (1) than letters are planned"
        in response.content.decode()
    )
    assert not selection.address_draws.exists()


def test_the_team_export_contains_the_selection(selection):
    from klimapakete.teams.exports import team_export_tables

    tables = team_export_tables(selection.team)
    assert tables["selections"][0]["title"] == selection.title
    assert len(tables["selection_respondents"]) == 12


def test_the_demo_selection_is_built_and_computed(personas):
    import time

    from klimapakete.selection.demo import build_selection as build_demo

    started = time.monotonic()
    build_demo(context={"team": personas["team"]})
    assert time.monotonic() - started < 10
    selection = Selection.objects.get(team=personas["team"])
    assert selection.respondents.count() == 60
    assert selection.runs.get().status == "done"


def test_reserves_and_members_are_kept_until_the_event_and_deleted_after(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    import datetime

    from klimapakete.selection.tests.test_workflow import drawn

    selection = build_selection(personas["team"], n=16)
    drawn(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    event = timezone.localdate() + timedelta(days=90)
    response = member_client.post(
        url("plan_settings", selection),
        {
            "title": selection.title,
            "panel_size": "4",
            "letter_multiplier": "25",
            "retention_days": "30",
            "members_kept_until": event.isoformat(),
        },
        follow=True,
    )
    assert "and deleted the day after" in response.content.decode()
    selection.refresh_from_db()
    assert selection.members_kept_until == event
    reserves = selectors.kept_reserves(selection)
    assert reserves
    panel = set(selection.drawn_panel)

    # 31 days after the draw: people neither on the panel nor reserves are deleted
    retention.selection_purge(selection=selection, now=timezone.now() + timedelta(days=31))
    kept = set(
        selection.respondents.filter(personal_data_deleted_at=None).values_list("number", flat=True)
    )
    assert kept == panel | set(reserves)
    assert len(kept) < 16

    # the day after the event everyone's data goes
    after = timezone.now() + timedelta(days=91)
    retention.selection_purge(selection=selection, now=after)
    assert not selection.respondents.filter(personal_data_deleted_at=None).exists()
    assert DeletionLog.objects.filter(selection=selection, reason="members_done").exists()
    assert isinstance(event, datetime.date)


def test_closing_twice_says_it_is_closed(selection, coordinator_client):
    coordinator_client.post(url("close", selection))
    response = coordinator_client.post(url("close", selection), follow=True)
    assert response.status_code == 200
    assert "This selection is closed." in [str(m) for m in response.context["messages"]]
