from django.core.management.base import BaseCommand
from django.db import transaction

from klimapakete.support.services import reminders_send


class Command(BaseCommand):
    help = "Remind people registered for partner workshops that start within a day."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = reminders_send()
        self.stdout.write(f"Queued {count} reminder(s).")
