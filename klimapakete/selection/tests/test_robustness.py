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
