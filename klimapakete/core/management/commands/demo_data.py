from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from klimapakete.core import demo
from klimapakete.teams import demo as team_demo


class Command(BaseCommand):
    help = "Create (or re-create) the demo team 'LocalZero Musterstadt' and print the logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", action="store_true", help="Leave existing demo data alone if present."
        )

    def handle(self, *args, keep=False, **options):
        from klimapakete.teams.models import Team

        if keep and Team.objects.filter(name="LocalZero Musterstadt").exists():
            self.stdout.write("Demo data present; left as it is.")
        else:
            with transaction.atomic():
                team_demo.demo_reset()
                context: dict = {}
                for _order, builder in demo.BUILDERS:
                    builder(context=context)
        self.stdout.write(
            self.style.SUCCESS(f"\nDemo logins (password for all: {team_demo.DEMO_PASSWORD})")
        )
        for email, name, role in team_demo.DEMO_USERS:
            self.stdout.write(f"  {email:<28} {name} ({role})")
        for team_name, _town, _state, people in team_demo.OTHER_TEAMS:
            for email, name in people:
                self.stdout.write(f"  {email:<28} {name} ({team_name})")
        self.stdout.write(
            f"  {team_demo.SUPPORT_USER[0]:<28} {team_demo.SUPPORT_USER[1]} (support staff)"
        )
        self.stdout.write(f"Open {settings.SITE_URL}/ and log in.\n")
