"""Backup and restore round-trip: dump → fresh database → restore → same rows everywhere."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from klimapakete.core.tests.processes import ProcessDatabase, manage, wait_for

# Not backed up on purpose: sessions, worker heartbeats and the shared cache (rebuilt on use).
SKIP = {"django_session", "core_workerheartbeat", "klimapakete_cache"}


def fresh_database(tmp_path) -> tuple[str, object]:
    """An empty database of the same kind: its URL and a function counting a table."""
    if connection.vendor == "sqlite":
        import sqlite3

        path = tmp_path / "restored.sqlite3"

        def count(table):
            with sqlite3.connect(path) as db:
                return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

        return f"sqlite:///{path}", count
    import psycopg

    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"[:63]
    dsn = dict(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        password=settings["PASSWORD"] or None,
    )
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def count(table):
        with psycopg.connect(dbname=name, **dsn) as db:
            return db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]

    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{dsn['user']}{password}@{dsn['host']}:{dsn['port']}/{name}", count


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_a_fresh_database_keeps_every_row(tmp_path, packages):
    call_command("demo_data", stdout=io.StringIO())
    source = ProcessDatabase(tmp_path)
    media = tmp_path / "media"
    (media / "library").mkdir(parents=True)
    (media / "library" / "anhang.pdf").write_bytes(b"%PDF-1.4 Anhang")
    env = source.env(MEDIA_ROOT=str(media))
    # SQLite's full-text index keeps internal segment tables whose row counts depend on the
    # order of insertion; its documents (…_fts_docsize, …_fts_content) are compared.
    tables = [
        t
        for t in connection.introspection.table_names()
        if t not in SKIP and not t.endswith(("_fts_data", "_fts_idx"))
    ]
    before = {t: source.query(f'SELECT COUNT(*) FROM "{t}"')[0][0] for t in tables}
    assert sum(before.values()) > 500  # the demo team fills many tables

    backup_dir = tmp_path / "backup"
    log = tmp_path / "backup.log"
    process = manage(["backup", str(backup_dir)], env, log)
    wait_for(lambda: process.poll() is not None, what="backup", seconds=300, logs=(log,))
    assert process.returncode == 0, log.read_text()

    url, count = fresh_database(tmp_path)
    restored_media = tmp_path / "restored-media"
    log = tmp_path / "restore.log"
    process = manage(
        ["restore", str(backup_dir)],
        source.env(DATABASE_URL=url, MEDIA_ROOT=str(restored_media)),
        log,
    )
    wait_for(lambda: process.poll() is not None, what="restore", seconds=600, logs=(log,))
    assert process.returncode == 0, log.read_text()

    after = {t: count(t) for t in tables}
    assert {t: n for t, n in after.items() if n != before[t]} == {}, {
        t: before[t] for t, n in after.items() if n != before[t]
    }
    assert (restored_media / "library" / "anhang.pdf").read_bytes() == b"%PDF-1.4 Anhang"

    # Restoring twice is refused: restore needs an empty database.
    process = manage(["restore", str(backup_dir)], source.env(DATABASE_URL=url), log)
    wait_for(lambda: process.poll() is not None, what="second restore", seconds=300, logs=(log,))
    assert process.returncode != 0 and "not empty" in log.read_text()
