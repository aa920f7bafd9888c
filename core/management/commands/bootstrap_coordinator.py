from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core import services
from core.errors import ApplicationError
from core.models import User


class Command(BaseCommand):
    help = (
        "Make the first coordinator of a new deployment. Refused once an active coordinator "
        "exists: from then on a case role is requested by an administrator and approved by "
        "a coordinator (separation of duties)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("No active account has that username.")
        try:
            services.coordinator_bootstrap(user=user)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{user.get_username()} is now the first coordinator.")
