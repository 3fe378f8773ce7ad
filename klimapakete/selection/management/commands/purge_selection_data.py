from django.core.management.base import BaseCommand

from klimapakete.selection.services.retention import selections_purge


class Command(BaseCommand):
    help = "Delete respondents' personal data whose retention period is over (run daily)."

    def handle(self, *args, **options):
        count = selections_purge()
        self.stdout.write(f"Deleted the personal data of {count} respondent(s).")
