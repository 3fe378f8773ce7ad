from django.core.management.base import BaseCommand
from django.db import transaction

from klimapakete.notifications.services import digests_enqueue


class Command(BaseCommand):
    help = "Queue the daily notification digest for everyone with waiting notifications."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = digests_enqueue()
        self.stdout.write(f"Queued {count} digest mail(s).")
