from django.core.management.base import BaseCommand, CommandError

from klimapakete.accounts.models import User, normalize_email
from klimapakete.accounts.services import support_staff_grant


class Command(BaseCommand):
    help = "Give an existing account the support organisation role."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=normalize_email(email)).first()
        if user is None:
            raise CommandError(f"No account with the e-mail address {email}.")
        support_staff_grant(user=user)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is now support staff."))
