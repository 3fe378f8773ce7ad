"""Queue the weekly actor-map digest for every team member (weekly, by the worker)."""

from django.core.management.base import BaseCommand

from klimapakete.actors.directory.digest import digests_enqueue


class Command(BaseCommand):
    help = "Queue the weekly actor-map digest mails; the task worker sends them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only print how many mails would be queued."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        counts = digests_enqueue(dry_run=dry_run)
        verb = "would queue" if dry_run else "queued"
        self.stdout.write(f"{verb} {counts.mails} digest mail(s) for {counts.teams} team(s)")
