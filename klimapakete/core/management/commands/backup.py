"""``manage.py backup DIR``: every table's rows and the uploaded files, database-neutral.

Writes ``DIR/data.json.gz`` (all rows, natural keys for content types and permissions, so
it loads into a fresh database of either kind) and ``DIR/media/`` (a copy of MEDIA_ROOT).
``manage.py restore DIR`` reads it back. On PostgreSQL, ``pg_dump`` is the faster backup
for one and the same server; this one also moves data between SQLite and PostgreSQL.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# Rebuilt from the models by migrate (and from the data by restore), never dumped.
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "core.workerheartbeat"]


class Command(BaseCommand):
    help = "Back up all rows and uploaded files into a directory (restore with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory: str, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty; choose a new directory.")
        target.mkdir(parents=True, exist_ok=True)
        call_command(
            "dumpdata",
            *[f"--exclude={label}" for label in EXCLUDE],
            "--natural-foreign",
            "--natural-primary",
            output=str(target / "data.json.gz"),
            verbosity=0,
        )
        media = Path(settings.MEDIA_ROOT)
        if media.exists():
            shutil.copytree(media, target / "media")
        self.stdout.write(f"Backup written to {target}.")
