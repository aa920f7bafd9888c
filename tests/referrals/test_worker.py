"""Reminders with a real Celery worker and a real Redis (CI): exactly one reminder and
one escalation, whatever happens to the worker, the beat or Redis.

The test runs its own Redis on a spare port so it can take it down; the worker reads the
test database (PostgreSQL only: SQLite's test database lives in this process).
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Reminder
from notifications.tasks import send_reminders
from referrals import services

from .conftest import screen_new_sea_case

ROOT = Path(__file__).resolve().parents[2]
PORT = 6391

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


def wait_for(predicate, timeout=40, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {message}")


class Redis:
    def __init__(self, tmp):
        self.tmp, self.process = tmp, None

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(PORT), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ),
            10,
            "redis",
        )

    def stop(self):
        if self.process:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def redis(tmp_path):
    if not shutil.which("redis-server") or not os.environ.get("REDIS_URL"):
        pytest.skip("needs redis-server and REDIS_URL (CI)")
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker(tmp_path, settings):
    settings_dict = connection.settings_dict
    database = f"postgres://{settings_dict['USER']}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    processes = []

    def start(email_backend="django.core.mail.backends.filebased.EmailBackend"):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": database,
            "REDIS_URL": f"redis://127.0.0.1:{PORT}/0",
            "DJANGO_EMAIL_BACKEND": email_backend,
            "AMANA_MAIL_DIR": str(mail_dir),
            "AMANA_REMINDER_LEASE_SECONDS": "3",
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(process)
        return process

    start.mail = lambda: sorted(mail_dir.iterdir())
    yield start
    for process in processes:
        process.kill()
        process.wait()


def beat(times=1):
    """What celery beat does each minute: publish the task, here to our own Redis."""
    with celery_app.connection_for_write(f"redis://127.0.0.1:{PORT}/0") as connection:
        for _ in range(times):
            send_reminders.apply_async(retry=False, connection=connection)


def sent(**filters):
    return Reminder.objects.filter(sent_at__isnull=False, **filters).count()


def test_one_reminder_then_one_escalation_whatever_happens(
    redis, worker, personas, agency_a, client
):
    for user in personas.values():
        user.email = f"{user.username}@example.org"
        user.save()
    complaint = screen_new_sea_case(personas, agency_a)
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    referral.acknowledgement_due_at = timezone.now() - timedelta(minutes=1)
    referral.save()

    # Two beats at once: one notice of the new referral and one reminder, each sent once.
    worker()
    beat(2)
    wait_for(
        lambda: sent(kind="acknowledgement") == 1 and sent(kind="new_investigation") == 1,
        message="reminder",
    )
    beat(2)
    time.sleep(2)
    assert Reminder.objects.filter(kind="acknowledgement").count() == 1
    assert len(worker.mail()) == 2

    # Ignored for a day: one escalation to the coordinator, however many beats.
    Reminder.objects.filter(kind="acknowledgement").update(
        sent_at=timezone.now() - timedelta(hours=25)
    )
    beat(3)
    wait_for(lambda: sent(stage="escalation") == 1, message="escalation")
    time.sleep(2)
    assert Reminder.objects.filter(stage="escalation").count() == 1
    assert len(worker.mail()) == 3


def test_a_worker_killed_mid_send_still_ends_in_one_reminder(redis, worker, personas, agency_a):
    personas["investigator_a"].email = "ia@example.org"
    personas["investigator_a"].save()
    complaint = screen_new_sea_case(personas, agency_a)
    services.investigation_refer(actor=personas["coordinator"], complaint=complaint)

    slow = worker("tests.referrals.slow_mail.EmailBackend")
    beat()
    wait_for(lambda: Reminder.objects.filter(claimed_at__isnull=False).exists(), message="claim")
    slow.send_signal(signal.SIGKILL)
    slow.wait()
    assert sent() == 0 and worker.mail() == []

    worker()
    time.sleep(3.5)  # the dead worker's claim expires
    beat(2)
    wait_for(lambda: sent() == 1, message="resend")
    time.sleep(2)
    assert len(worker.mail()) == 1


def test_a_redis_outage_loses_nothing_and_the_backlog_goes_out_once(
    redis, worker, personas, agency_a, client
):
    personas["investigator_a"].email = "ia@example.org"
    personas["investigator_a"].save()
    worker()
    redis.stop()

    # Redis is down: a complaint is still saved and referred, and pages still answer.
    complaint = screen_new_sea_case(personas, agency_a)
    services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["coordinator"])
    assert client.get(reverse("complaints:detail", args=[complaint.reference])).status_code == 200
    with pytest.raises(Exception):  # noqa: B017 - the beat cannot publish while Redis is down
        beat()

    redis.start()
    beat(2)
    wait_for(lambda: sent() == 1, timeout=60, message="backlog")
    time.sleep(2)
    assert Reminder.objects.count() == 1
    assert len(worker.mail()) == 1
