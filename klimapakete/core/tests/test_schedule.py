"""The worker's scheduled jobs: due times, one run per due time, catch-up, a real purge."""

from __future__ import annotations

import signal
from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from klimapakete.core.models import ScheduledJob
from klimapakete.core.schedule import JOBS, Job, due_jobs_run
from klimapakete.core.tests.processes import ProcessDatabase, manage, wait_for

BERLIN = timezone.get_default_timezone()
moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2029, 12, 31)).map(
    lambda d: d.replace(tzinfo=UTC)
)
jobs = st.sampled_from(JOBS)


@given(now=moments, job=jobs)
def test_the_last_due_time_is_the_latest_scheduled_moment_not_after_now(now, job):
    due = job.last_due(now)
    local = timezone.localtime(due, BERLIN)
    assert due <= now
    if job.minute is not None:
        assert now - due < timedelta(hours=2)  # one hour, plus a clock change
        assert local.minute == job.minute
    else:
        period = timedelta(days=7 if job.weekday is not None else 1)
        assert now - due < period + timedelta(hours=1)
        assert (local.hour, local.minute) == (job.at.hour, job.at.minute)
        if job.weekday is not None:
            assert local.weekday() == job.weekday


DAILY = (Job("purge_selection_data", at=time(3, 30)),)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=BERLIN)


@pytest.mark.django_db
def test_a_new_installation_starts_the_schedule_without_running_anything():
    assert due_jobs_run(at(7, 12), JOBS) == []
    assert ScheduledJob.objects.count() == len(JOBS)


@pytest.mark.django_db
def test_a_daily_job_runs_once_per_day_however_many_workers_ask():
    due_jobs_run(at(7, 12), DAILY)
    assert due_jobs_run(at(8, 3, 29), DAILY) == []  # not yet
    assert due_jobs_run(at(8, 3, 31), DAILY) == ["purge_selection_data"]
    assert due_jobs_run(at(8, 3, 31), DAILY) == []  # a second worker at the same time
    assert due_jobs_run(at(8, 23, 0), DAILY) == []  # later the same day
    assert due_jobs_run(at(9, 3, 30), DAILY) == ["purge_selection_data"]


@pytest.mark.django_db
def test_a_due_time_missed_while_no_worker_ran_is_caught_up_once():
    due_jobs_run(at(1, 12), DAILY)
    # no worker from the 1st to the 6th: one run when one is back, not five
    assert due_jobs_run(at(6, 10), DAILY) == ["purge_selection_data"]
    assert due_jobs_run(at(6, 11), DAILY) == []


@pytest.mark.django_db
def test_the_weekly_digest_waits_for_monday_morning():
    weekly = (Job("send_actor_digest", at=time(7, 0), weekday=0),)
    due_jobs_run(at(1, 12), weekly)  # Tuesday, 1 December 2026
    assert due_jobs_run(at(6, 23), weekly) == []  # Sunday
    assert due_jobs_run(at(7, 6, 59), weekly) == []
    assert due_jobs_run(at(7, 7, 1), weekly) == ["send_actor_digest"]


@pytest.mark.django_db
def test_a_failing_job_does_not_stop_the_others(caplog):
    broken = (Job("no_such_command", at=time(3, 0)), *DAILY)
    due_jobs_run(at(1, 12), broken)
    assert due_jobs_run(at(2, 12), broken) == ["purge_selection_data"]
    assert "scheduled job failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_runs_the_daily_purge_without_cron(tmp_path, personas):
    from klimapakete.selection.models import Respondent, Selection
    from klimapakete.selection.tests.conftest import build_selection

    selection = build_selection(personas["team"])
    Selection.objects.filter(pk=selection.pk).update(
        status=Selection.Status.DRAWN,
        drawn_at=timezone.now() - timedelta(days=40),
        drawn_panel=[1, 2, 3, 4],
    )
    selection.respondents.filter(number__in=[1, 2, 3, 4]).update(status=Respondent.Status.SELECTED)
    # the schedule started two days ago: the purge of 03:30 is due
    ScheduledJob.objects.create(
        name="purge_selection_data", last_run=timezone.now() - timedelta(days=2)
    )
    db = ProcessDatabase(tmp_path)
    log = tmp_path / "worker.log"
    worker = manage(["db_worker", "--no-reload", "--interval", "0.2"], db.env(), log)
    table = Respondent._meta.db_table
    try:
        wait_for(
            lambda: (
                db.query(
                    f"SELECT COUNT(*) FROM {table} WHERE personal_data_deleted_at IS NOT NULL"  # noqa: S608
                )[0][0]
                == 8
            ),
            what="the scheduled purge",
            logs=(log,),
        )
    finally:
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=30) == 0, log.read_text()
