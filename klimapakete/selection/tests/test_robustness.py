"""Abuse and crashes (issue 11): lost workers, registration floods, a commitment that
cannot be swapped, a public lottery file built once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klimapakete.selection.errors import SelectionError
from klimapakete.selection.models import Run
from klimapakete.selection.services import compute, quotas, runs
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
    compute._run_finish(run.pk, status=Run.Status.DONE)
    run.refresh_from_db()
    assert run.status == Run.Status.FAILED


def test_a_live_run_is_not_taken_for_lost(selection, member_client):
    run = new_run(
        selection,
        status=Run.Status.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=20),
    )
    assert not run.lost and run.active
    assert runs.runs_fail_lost(selection=selection) == 0
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
    assert runs.runs_fail_lost() == 1


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


# --- a commitment that cannot be swapped ------------------------------------------------------


def committed(selection, coordinator_client, member_client, capture, **data):
    from klimapakete.selection.tests.test_workflow import compute

    compute(selection, member_client, capture)
    data = data or {"kind": "public", "declaration": "Lotto 6aus49, 2 May 2026"}
    coordinator_client.post(url("draw_commit", selection), {**data})
    selection.refresh_from_db()
    return selection


def test_every_spelling_of_the_declared_numbers_draws_the_same_panel(
    personas, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    from klimapakete.selection.tests.conftest import build_selection

    panels = set()
    spellings = [
        "3 14 15 26 35 49",
        "3, 14, 15, 26, 35, 49",
        "03-14-15-26-35-49",
        " 3;14;15;26;35;49 ",
    ]
    for i, spelling in enumerate(spellings):
        selection = build_selection(personas["team"], title=f"Rat {i}")
        committed(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
        coordinator_client.post(url("draw_panel", selection), {"public_value": spelling})
        selection.refresh_from_db()
        assert selection.seed == "3 14 15 26 35 49"
        panels.add(tuple(selection.drawn_panel))
    assert len(panels) == 1


def test_a_public_value_without_numbers_is_refused(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    committed(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    response = coordinator_client.post(url("draw_panel", selection), {"public_value": "three"})
    assert "must contain numbers" in response.content.decode()
    selection.refresh_from_db()
    assert not selection.drawn_at


def test_the_pool_is_locked_from_the_commitment(
    selection,
    client,
    coordinator_client,
    member_client,
    registration,
    django_capture_on_commit_callbacks,
):
    committed(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    before = selection.respondents.count()
    page = register(client, selection, registration(selection)).content.decode()
    assert "Registration is closed" in page
    with pytest.raises(SelectionError) as error:
        quotas.quotas_save(selection=selection, quotas={})
    assert error.value.code == "committed_locked"
    response = member_client.post(
        url("plan_settings", selection),
        {
            "title": selection.title,
            "panel_size": "5",
            "letter_multiplier": "10",
            "retention_days": "30",
        },
        follow=True,
    )
    assert "are locked until the draw" in response.content.decode()
    selection.refresh_from_db()
    assert selection.panel_size == 4 and selection.respondents.count() == before


def test_a_withdrawal_needs_a_reason_and_reveals_the_secret_seed(
    selection, client, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    committed(
        selection,
        coordinator_client,
        member_client,
        django_capture_on_commit_callbacks,
        kind="secret",
    )
    secret = selection.seed_secret
    coordinator_client.post(url("draw_withdraw", selection), {"reason": ""})
    selection.refresh_from_db()
    assert selection.committed_at  # still committed
    coordinator_client.post(url("draw_withdraw", selection), {"reason": "Wrong panel size"})
    selection.refresh_from_db()
    assert not selection.committed_at
    page = client.get(
        reverse("selection_public:verify", args=[selection.verification_token])
    ).content.decode()
    assert "Wrong panel size" in page and secret in page


def test_members_cannot_withdraw(
    selection, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    committed(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    response = member_client.post(url("draw_withdraw", selection), {"reason": "x"})
    assert response.status_code == 403


# --- the published lottery file is stored once --------------------------------------------------


def test_the_published_file_is_stored_at_the_commitment_and_served_as_stored(
    selection, client, coordinator_client, member_client, django_capture_on_commit_callbacks
):
    import gzip
    import hashlib

    from django.urls import reverse

    from klimapakete.selection.models import Run

    committed(selection, coordinator_client, member_client, django_capture_on_commit_callbacks)
    link = reverse("selection_public:verify_distribution", args=[selection.verification_token])
    plain = client.get(link)
    assert hashlib.sha256(plain.content).hexdigest() == selection.distribution_sha256
    assert "public" in plain["Cache-Control"]
    # not rebuilt: a change of the run afterwards does not reach the published file
    Run.objects.filter(pk=selection.committed_run_id).update(distribution=[])
    again = client.get(link, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert again["Content-Encoding"] == "gzip"
    assert gzip.decompress(again.content) == plain.content
    assert client.get(link, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


def test_nothing_is_published_before_the_commitment(selection, client):
    from django.urls import reverse

    link = reverse("selection_public:verify_distribution", args=[selection.verification_token])
    assert client.get(link).status_code == 404


# --- issue 16: "keine Angabe" -------------------------------------------------------------------


def test_a_resident_may_leave_a_category_unanswered_and_still_takes_part(
    selection, client, member_client, registration, django_capture_on_commit_callbacks
):
    from klimapakete.selection.tests.test_workflow import compute

    age = selection.categories.get(name="age")
    page = client.get(
        reverse("selection_public:register", args=[selection.registration_token])
    ).content.decode()
    assert "prefer not to say" in page
    register(client, selection, registration(selection, **{f"category_{age.pk}": "-"}))
    person = selection.respondents.get(name="Rita Resident")
    assert person.features == {"gender": "f", "age": ""}
    assert "prefer not to say" in member_client.get(url("respondents", selection)).content.decode()
    run = compute(selection, member_client, django_capture_on_commit_callbacks)
    assert run.status == Run.Status.DONE
    assert str(person.number) in run.probabilities
