"""``manage.py restore DIR``: load a ``backup`` into an empty database (created if needed)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from klimapakete.core.management.commands.backup import EXCLUDE


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database (runs migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory: str, **options):
        source = Path(directory)
        data = source / "data.json.gz"
        if not data.exists():
            raise CommandError(f"{data} not found.")
        call_command("migrate", interactive=False, verbosity=0)
        for model in apps.get_models():
            label = model._meta.label_lower
            if label.split(".")[0] in EXCLUDE or label in EXCLUDE:
                continue
            if model._meta.managed and model.objects.exists():
                raise CommandError(
                    f"The database is not empty ({label}); restore needs an empty one."
                )
        with transaction.atomic():
            call_command("loaddata", str(data), verbosity=0)
        media = source / "media"
        if media.exists():
            shutil.copytree(media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        call_command("forum_reindex", verbosity=0)
        self.stdout.write(f"Restored {source}.")
