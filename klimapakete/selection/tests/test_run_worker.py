"""Cancelling a LEXIMIN computation with the real worker process (issue #11, finding 6)."""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from klimapakete.core.tests.processes import ProcessDatabase, manage, wait_for
from klimapakete.selection.models import Respondent, Run, Value, match_key
from klimapakete.selection.services import runs, setup

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CATEGORIES = 12
POOL = 2000
PANEL = 100


def long_selection(team, *, categories=CATEGORIES, slack=2):
    """Twelve yes/no categories, skewed, quotas of half the panel ± 2: a pool whose LEXIMIN
    takes tens of seconds (BENCHMARKS.md, "12 yes/no 2000/100 ±2")."""
    rng = random.Random(3)
    selection = setup.selection_create(team=team, title="Großer Rat", panel_size=PANEL)
    names = [f"c{j}" for j in range(categories)]
    setup.categories_replace(
        selection=selection,
        rows=setup.parse_category_rows(
            [[name, value, "50", "10"] for name in names for value in ("ja", "nein")]
        ),
    )
    Value.objects.filter(category__selection=selection).update(
        quota_min=PANEL // 2 - slack, quota_max=PANEL // 2 + slack
    )
    bias = [rng.uniform(0.2, 0.8) for _name in names]
    Respondent.objects.bulk_create(
        Respondent(
            selection=selection,
            number=i + 1,
            name=f"Person {i + 1}",
            contact=f"p{i + 1}@example.org",
            match_key=match_key(f"Person {i + 1}", f"p{i + 1}@example.org"),
            features={
                name: "ja" if rng.random() < b else "nein"
                for name, b in zip(names, bias, strict=True)
            },
            source=Respondent.Source.IMPORT,
        )
        for i in range(POOL)
    )
    return selection


def run_status(db: ProcessDatabase, run: Run) -> str:
    return db.query("SELECT status FROM selection_run WHERE id = %s", [run.pk])[0][0]


def task_statuses(db: ProcessDatabase) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    return [row[0] for row in db.query(f"SELECT status FROM {table}")]  # noqa: S608


def cancel(run: Run, env: dict, log: Path) -> None:
    """Cancel as the run's page does, from a process of its own (on SQLite the worker's
    database is a file apart from the test's)."""
    code = (
        "from klimapakete.selection.models import Run\n"
        "from klimapakete.selection.services import runs\n"
        f"runs.run_cancel(run=Run.objects.get(pk={run.pk}))\n"
    )
    assert manage(["shell", "-c", code], env, log).wait(timeout=120) == 0, log.read_text()


@pytest.fixture
def queued_run(settings, personas):
    settings.TASKS = DB_TASKS
    selection = long_selection(personas["team"])
    return runs.run_start(selection=selection)


def stop(worker, log: Path) -> None:
    worker.send_signal(signal.SIGINT)
    assert worker.wait(timeout=60) == 0, log.read_text()


@pytest.mark.django_db(transaction=True)
def test_a_queued_run_cancelled_before_any_worker_takes_it_stays_cancelled(queued_run, tmp_path):
    db = ProcessDatabase(tmp_path)
    env = db.env()
    cancel(queued_run, env, tmp_path / "cancel.log")
    assert run_status(db, queued_run) == "cancelled"
    log = tmp_path / "worker.log"
    worker = manage(["db_worker", "--no-reload", "--interval", "0.2"], env, log)
    try:
        wait_for(
            lambda: task_statuses(db) == ["SUCCESSFUL"], what="the task to finish", logs=(log,)
        )
        assert run_status(db, queued_run) == "cancelled"
    finally:
        stop(worker, log)


@pytest.mark.django_db(transaction=True)
def test_a_run_cancelled_in_its_first_seconds_ends_cancelled_and_frees_the_worker(
    queued_run, tmp_path
):
    db = ProcessDatabase(tmp_path)
    env = db.env()
    log = tmp_path / "worker.log"
    worker = manage(["db_worker", "--no-reload", "--interval", "0.2"], env, log)
    try:
        wait_for(lambda: run_status(db, queued_run) == "running", what="the run", logs=(log,))
        cancel(queued_run, env, tmp_path / "cancel.log")
        wait_for(
            lambda: run_status(db, queued_run) == "cancelled",
            what="the run to end cancelled",
            seconds=120,
            logs=(log,),
        )
        wait_for(
            lambda: task_statuses(db) == ["SUCCESSFUL"],
            what="the task to finish",
            seconds=120,
            logs=(log,),
        )
        assert run_status(db, queued_run) == "cancelled"
    finally:
        stop(worker, log)


@pytest.mark.django_db(transaction=True)
def test_a_long_computation_keeps_beating_until_its_result_is_saved(settings, personas, tmp_path):
    """A watchdog gives up runs silent for two seconds (SELECTION_RUN_STALE_SECONDS): the
    run still ends done, through the solver's steps and the long finalising (expanding,
    checking and saving a lottery of thousands of panels)."""
    settings.TASKS = DB_TASKS
    selection = long_selection(personas["team"], categories=6, slack=3)
    run = runs.run_start(selection=selection)
    db = ProcessDatabase(tmp_path)
    env = db.env(SELECTION_RUN_STALE_SECONDS="2")
    watch = (
        "import time\n"
        "from klimapakete.selection.models import Run\n"
        "from klimapakete.selection.services import runs\n"
        f"while Run.objects.filter(pk={run.pk}, status__in=['queued', 'running']).exists():\n"
        "    runs.runs_fail_lost()\n"
        "    time.sleep(0.2)\n"
    )
    watchdog_log = tmp_path / "watchdog.log"
    watchdog = manage(["shell", "-c", watch], env, watchdog_log)
    log = tmp_path / "worker.log"
    worker = manage(["db_worker", "--no-reload", "--interval", "0.2"], env, log)
    try:
        wait_for(
            lambda: task_statuses(db) == ["SUCCESSFUL"],
            what="the computation",
            seconds=300,
            logs=(log, watchdog_log),
        )
        assert watchdog.wait(timeout=60) == 0, watchdog_log.read_text()
        assert run_status(db, run) == "done"
    finally:
        stop(worker, log)
        if watchdog.poll() is None:
            watchdog.kill()
