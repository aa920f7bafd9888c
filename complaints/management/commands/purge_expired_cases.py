from django.core.management.base import BaseCommand
from django.utils import timezone

from complaints import retention, services


class Command(BaseCommand):
    help = (
        "Purge now the closed cases past their retention period (the beat does it daily): "
        "their content, persons, attachments and data keys go; their counts stay in the "
        "statistics. Audited as the system."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many cases are due."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            due = retention.due_for_purge(timezone.now()).count()
            self.stdout.write(f"{due} case(s) due for deletion; nothing deleted.")
            return
        purged = services.complaints_purge_expired()
        self.stdout.write(f"{purged} case(s) deleted at the end of their retention period.")
