"""Run manage.py commands as real processes against the test database.

On PostgreSQL the processes use the test database itself (tests are transactional, so
what they write is committed). SQLite's test database lives in memory, so it is copied
to a file (``VACUUM INTO``) that the processes use and the test reads back.
"""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ProcessDatabase:
    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.sqlite_file: Path | None = None

    def url(self) -> str:
        """Freeze the current data for the processes and give its DATABASE_URL."""
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.sqlite_file = self.tmp_path / "process.sqlite3"
            self.sqlite_file.unlink(missing_ok=True)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM INTO %s", [str(self.sqlite_file)])
            return f"sqlite:///{self.sqlite_file}"
        user = settings["USER"] or "postgres"
        host = settings["HOST"] or "127.0.0.1"
        port = settings["PORT"] or 5432
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"

    def query(self, sql: str, params=()) -> list[tuple]:
        if self.sqlite_file is not None:
            with sqlite3.connect(self.sqlite_file, timeout=20) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def env(self, **extra) -> dict[str, str]:
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
        env = {key: value for key, value in os.environ.items() if key in keep}
        env.update(
            DEBUG="1",
            DATABASE_URL=self.url(),
            SECRET_KEY=secrets.token_urlsafe(64),
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            LOG_FORMAT="text",
            WORKER_HEARTBEAT_SECONDS="1",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env


def manage(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, *, what: str, seconds: float = 90, logs: tuple[Path, ...] = ()):
    """Poll ``condition`` until true; on time-out fail with the processes' output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    output = "\n".join(f"--- {log.name}\n{log.read_text()}" for log in logs)
    raise AssertionError(f"gave up waiting for {what}\n{output}")
