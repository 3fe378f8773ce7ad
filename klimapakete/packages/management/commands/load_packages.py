from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from klimapakete.packages.content import ContentError
from klimapakete.packages.services import content_load


class Command(BaseCommand):
    help = "Load or update the climate packages from the content files; progress is kept."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, help="Folder with the *.toml files.")
        parser.add_argument(
            "--force", action="store_true", help="Reload even if the version did not change."
        )

    def handle(self, *args, directory=None, force=False, **options):
        try:
            report = content_load(directory=directory, force=force)
        except ContentError as error:
            raise CommandError(str(error)) from error
        for label, keys in (
            ("created", report.created),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
        ):
            if keys:
                self.stdout.write(f"{label}: {', '.join(keys)}")
