"""Abuse and crashes (issue 11): lost workers, registration floods, a commitment that
cannot be swapped, a public lottery file built once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from klimapakete.selection import services
from klimapakete.selection.models import Run
from klimapakete.selection.tests.test_workflow import new_run, url

# --- a run whose worker died ---------------------------------------------------------------


def test_a_run_whose_worker_died_says_so_and_a_new_computation_can_start(
    selection, member_client, django_capture_on_commit_callbacks
):
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        iterations=635,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )
    page = member_client.get(url("compute", selection)).content.decode()
    assert "stopped answering" in page and "compute again" in page
    assert "iteration 635" not in page  # not shown as still running
    assert 'hx-trigger="every 2s"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(url("compute", selection))
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED and run.error == Run.WORKER_LOST
    latest = selection.runs.first()
    assert latest != run and latest.status == Run.Status.DONE

    # a result from the old worker arriving late does not overwrite the failure
    services._run_finish(run.pk, status=Run.Status.DONE)
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED


def test_a_live_run_is_not_taken_for_lost(selection, member_client):
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=20),
    )
    assert not run.lost and run.active
    assert services.runs_fail_lost(selection=selection) == 0
    page = member_client.get(url("compute", selection)).content.decode()
    assert 'hx-trigger="every 2s"' in page


def test_the_silence_allowed_is_a_setting(selection, settings):
    settings.SELECTION_RUN_STALE_SECONDS = 10
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=20),
    )
    assert run.lost
    assert services.runs_fail_lost() == 1


def test_the_progress_fragment_of_a_lost_run_reloads_the_page(selection, member_client):
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(minutes=5),
    )
    response = member_client.get(
        url("run_progress", selection, run_id=run.pk), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


# --- registration flood ----------------------------------------------------------------------


def register(client, selection, data, address="203.0.113.7"):
    from klimapakete.selection.tests.test_workflow import register_url

    return client.post(register_url(selection), data, REMOTE_ADDR=address)


def test_the_same_person_cannot_register_twice(selection, client, registration):
    register(client, selection, registration(selection))
    page = register(
        client,
        selection,
        registration(selection, name=" rita  RESIDENT", contact="RITA@example.org "),
    ).content.decode()
    assert "You are already registered" in page
    assert selection.respondents.filter(source="form").count() == 1


def test_registrations_per_client_address_are_limited(selection, client, registration, settings):
    settings.SELECTION_REGISTRATIONS_PER_CLIENT = 3
    for i in range(5):
        page = register(
            client, selection, registration(selection, name=f"Bot {i}", contact=f"b{i}@example.org")
        ).content.decode()
    assert "Too many registrations were sent from your connection" in page
    assert selection.respondents.filter(source="form").count() == 3
    # another address is not affected
    register(client, selection, registration(selection, name="Rita"), address="198.51.100.9")
    assert selection.respondents.filter(source="form").count() == 4


def test_registrations_per_selection_and_day_are_limited(selection, client, registration, settings):
    settings.SELECTION_REGISTRATIONS_PER_DAY = 2
    for i in range(3):
        page = register(
            client,
            selection,
            registration(selection, name=f"P {i}", contact=f"p{i}@example.net"),
            address=f"198.51.100.{i}",
        ).content.decode()
    assert "reached the limit of this selection" in page
    assert selection.respondents.filter(source="form").count() == 2


def test_a_bot_filling_the_hidden_field_is_not_registered(selection, client, registration):
    response = register(client, selection, registration(selection, website="http://spam"))
    assert "Thank you" in response.content.decode()
    assert not selection.respondents.filter(source="form").exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(selection, client, registration, settings):
    data = registration(selection)
    settings.SELECTION_REGISTRATION_MIN_SECONDS = 3
    page = register(client, selection, data).content.decode()
    assert "send the form again" in page
    page = register(client, selection, {**data, "started": "forged"}).content.decode()
    assert "send the form again" in page
    assert not selection.respondents.filter(source="form").exists()


def test_the_contact_must_be_an_e_mail_address_or_a_phone_number(selection, client, registration):
    page = register(client, selection, registration(selection, contact="anna@")).content.decode()
    assert "valid email" in page
    page = register(client, selection, registration(selection, contact="call me")).content.decode()
    assert "e-mail address or a phone number" in page
    register(client, selection, registration(selection, contact="+49 (0)30 123-456"))
    assert selection.respondents.filter(source="form").count() == 1
