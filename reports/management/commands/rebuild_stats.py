from django.core.management.base import BaseCommand

from reports.aggregates import stats_rebuild


class Command(BaseCommand):
    help = "Recompute the anonymised statistics now (the beat does it every 10 minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{stats_rebuild()} statistics cells.")
