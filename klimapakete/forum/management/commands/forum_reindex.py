from django.core.management.base import BaseCommand
from django.db import transaction

from klimapakete.forum.search.index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the forum's search index (after moving to another database)."

    def handle(self, *args, **options):
        with transaction.atomic():
            count = reindex_all()
        self.stdout.write(f"Indexed {count} document(s).")
