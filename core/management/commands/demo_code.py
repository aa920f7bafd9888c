import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from core.management.commands.seed_demo import DEMO_TOTP_KEY

STEP = 30  # seconds, django-otp's default for TOTP devices


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo accounts (demo only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.AMANA_DEMO_ALLOWED:
            raise CommandError("demo_code refuses to run here: demo accounts are for demos only.")
        key = bytes.fromhex(DEMO_TOTP_KEY)
        left = STEP - int(time.time()) % STEP
        now, following = totp(key, STEP), totp(key, STEP, drift=1)
        self.stdout.write(f"{now:06d}  (for {left} more seconds; then {following:06d})")
        self.stdout.write("Each code works once per account: to sign in again, use the next one.")
