"""The task worker as a real process: heartbeat, mail, Ctrl-C, lost workers, two at once."""

from __future__ import annotations

import signal
import subprocess
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from klimapakete.core import workers
from klimapakete.core.models import WorkerHeartbeat
from klimapakete.core.tests.processes import ProcessDatabase, free_port, manage, wait_for

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue_mails(settings, subjects: list[str]) -> None:
    from klimapakete.core.mail import email_enqueue

    settings.TASKS = DB_TASKS
    for subject in subjects:
        email_enqueue(to=["ada@example.org"], subject=subject, body="Text")


def task_statuses(db: ProcessDatabase) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    return [row[0] for row in db.query(f"SELECT status FROM {table}")]  # noqa: S608


def heartbeats(db: ProcessDatabase) -> int:
    return db.query("SELECT COUNT(*) FROM core_workerheartbeat")[0][0]


@pytest.mark.django_db(transaction=True)
def test_the_worker_process_sends_queued_mail_beats_and_stops_on_ctrl_c(settings, tmp_path):
    queue_mails(settings, ["Einladung zum Runden Tisch"])
    db = ProcessDatabase(tmp_path)
    log = tmp_path / "worker.log"
    worker = manage(["db_worker", "--no-reload", "--interval", "0.2"], db.env(), log)
    try:
        wait_for(
            lambda: task_statuses(db) == ["SUCCESSFUL"] and heartbeats(db) == 1,
            what="the mail task and the heartbeat",
            logs=(log,),
        )
        assert "Subject: Einladung zum Runden Tisch" in log.read_text()
    finally:
        worker.send_signal(signal.SIGINT)
        assert worker.wait(timeout=30) == 0, log.read_text()
    assert heartbeats(db) == 0  # a worker that stops says so


@pytest.mark.django_db(transaction=True)
def test_make_run_starts_web_server_and_worker_and_one_ctrl_c_stops_both(settings, tmp_path):
    queue_mails(settings, ["Hallo aus der Warteschlange"])
    db = ProcessDatabase(tmp_path)
    port = free_port()
    log = tmp_path / "dev.log"
    dev = manage(["dev", "--port", str(port), "--no-reload"], db.env(), log)
    health = f"http://127.0.0.1:{port}/healthz/worker"

    def healthy() -> bool:
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for(healthy, what="web server and worker", logs=(log,))
        wait_for(lambda: task_statuses(db) == ["SUCCESSFUL"], what="the mail", logs=(log,))
        output = log.read_text()
        assert f"http://127.0.0.1:{port}/" in output
        assert "Demo login: " in output and "Ctrl-C stops both" in output
    finally:
        dev.send_signal(signal.SIGINT)
        assert dev.wait(timeout=30) == 0, log.read_text()
    assert not healthy()
    assert heartbeats(db) == 0
    assert "Web server and task worker stopped." in log.read_text()


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_every_task_exactly_once(settings, tmp_path):
    subjects = [f"Mail {i:02}" for i in range(30)]
    queue_mails(settings, subjects)
    db = ProcessDatabase(tmp_path)
    env = db.env()
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    processes = [
        manage(["db_worker", "--no-reload", "--batch", "--interval", "0"], env, log) for log in logs
    ]
    for process, log in zip(processes, logs, strict=True):
        try:
            assert process.wait(timeout=120) == 0, log.read_text()
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    output = "".join(log.read_text() for log in logs)
    for subject in subjects:
        assert output.count(f"Subject: {subject}\n") == 1, subject
    assert task_statuses(db) == ["SUCCESSFUL"] * len(subjects)


@pytest.mark.django_db(transaction=True)
def test_a_task_left_running_by_a_lost_worker_fails_with_a_clear_status(settings):
    from django_tasks_db.models import DBTaskResult

    queue_mails(settings, ["Verloren"])
    long_ago = timezone.now() - timedelta(minutes=10)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago, worker_ids=["gone"])
    WorkerHeartbeat.objects.create(worker_id="gone", seen_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=timezone.now())
    assert workers.orphans_fail() == 1
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED" and result.exception_class_path.endswith("WorkerLost")
    # A task whose worker is alive is left alone.
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["alive"])
    assert workers.orphans_fail() == 0


# What a team sees when nothing runs its work, and what monitoring sees.

NO_WORKER = "Noch hat kein Hintergrundprozess diese Aufgabe übernommen"


def test_a_queued_computation_says_plainly_when_no_worker_has_picked_it_up(personas, member_client):
    from django.urls import reverse

    from klimapakete.selection import selectors
    from klimapakete.selection.models import Run
    from klimapakete.selection.tests.conftest import build_selection

    selection = build_selection(personas["team"])
    run = Run.objects.create(
        selection=selection,
        instance=selectors.instance_to_json(selectors.pool_instance(selection=selection)),
    )
    url = reverse("selection:compute", args=[personas["team"].slug, selection.pk])
    assert NO_WORKER not in member_client.get(url).content.decode()  # just queued

    Run.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert NO_WORKER in member_client.get(url).content.decode()

    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
    assert NO_WORKER not in member_client.get(url).content.decode()


def test_the_worker_health_check_reports_heartbeat_and_waiting_tasks(
    settings, client, db, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    response = client.get("/healthz/worker")
    assert response.status_code == 503 and response.json()["worker_heartbeat_age_seconds"] is None

    WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
    response = client.get("/healthz/worker")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "workers": 1,
        "worker_heartbeat_age_seconds": 0.0,
        "oldest_waiting_task_seconds": None,
    }

    with django_capture_on_commit_callbacks(execute=True):
        queue_mails(settings, ["Wartet"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz/worker")
    assert response.status_code == 503 and response.json()["oldest_waiting_task_seconds"] >= 3600
    assert client.get("/healthz").status_code == 200  # the web process itself is fine


def test_every_request_is_logged_as_one_line_with_its_duration(client, db, caplog):
    import json
    import logging

    from klimapakete.core.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="klimapakete.request"):
        client.get("/healthz?secret=1")
    (record,) = [r for r in caplog.records if r.name == "klimapakete.request"]
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert isinstance(line["duration_ms"], float) and "secret" not in line["message"]


def test_every_task_is_logged_with_its_duration(settings, caplog, db):
    import logging

    with caplog.at_level(logging.INFO, logger="klimapakete.task"):
        from klimapakete.core.mail import send_email

        send_email.enqueue(to=["a@example.org"], subject="S", body="B")
    (record,) = [r for r in caplog.records if r.name == "klimapakete.task"]
    assert record.task == "klimapakete.core.mail.send_email" and record.status == "SUCCESSFUL"
    assert record.duration_ms is not None
