from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from core import crypto
from core.models import DataKey


class Command(BaseCommand):
    help = (
        "Re-wrap every data key under the first key of AMANA_KEYRING. Runs while the app "
        "serves. Once it reports 0 left, older keys can be removed from the ring."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only count the keys still to re-wrap."
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, check: bool, batch_size: int, **options: Any) -> None:
        ring = crypto.keyring()
        pending = DataKey.objects.exclude(kek_id=ring.primary_id).filter(wrapped_key__isnull=False)
        if check:
            self.stdout.write(f"{pending.count()} data keys not yet under {ring.primary_id}")
            return
        done = crypto.data_keys_rewrap(batch_size=batch_size)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-wrapped {done} data keys under {ring.primary_id}; {pending.count()} left."
            )
        )
