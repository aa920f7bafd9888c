"""A canary survivor's name, phone and story, entered through the form and the API, must
appear nowhere: not in a full database dump, the logs, e-mails or Celery messages."""

import shutil
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint
from config.celery import app as celery_app

from .conftest import CANARY_NAME, CANARY_PHONE
from .forms_data import intake_post
from .test_api import PAYLOAD

pytestmark = pytest.mark.django_db(transaction=True)

CANARIES = [
    CANARY_NAME,
    "Canarywoman",
    CANARY_PHONE,
    "5550102233",
    "010 2233",
    "canary-distributor",
    "canary-food",
]


def database_dump() -> str:
    """pg_dump on PostgreSQL; on SQLite every row of every table."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql" and shutil.which("pg_dump"):
        command = [
            "pg_dump",
            "--data-only",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-p",
            str(settings["PORT"] or 5432),
            "-U",
            settings["USER"],
            settings["NAME"],
        ]
        return subprocess.run(
            command, capture_output=True, text=True, check=True, timeout=120
        ).stdout
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    chunks.append(
                        bytes(value).decode("latin-1")
                        if isinstance(value, bytes | memoryview)
                        else str(value)
                    )
    return "\n".join(chunks)


@pytest.fixture
def celery_memory_broker():
    """Capture every message the app would send to the broker."""
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = "memory://"
    yield celery_app
    with celery_app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        messages = []
        while True:
            try:
                message = queue.get(block=False)
            except queue.Empty:
                break
            messages.append(str(message.body) + str(message.headers))
            message.ack()
        queue.close()
    celery_app.conf.broker_url = original
    for canary in CANARIES:
        assert canary not in "".join(messages)


def test_canary_identity_and_story_leak_nowhere(client, personas, caplog, celery_memory_broker):
    caplog.set_level("DEBUG")
    client.force_login(personas["focal_a"])
    assert client.post(reverse("complaints:new"), intake_post()).status_code == 302
    api = APIClient()
    api.force_authenticate(personas["focal_a"])
    assert api.post(reverse("api-complaints"), PAYLOAD, format="json").status_code == 201
    # Reads, screening and feedback are logged and audited too.
    coordinator = personas["coordinator"]
    client.force_login(coordinator)
    for reference in Complaint.objects.values_list("reference", flat=True):
        assert client.get(reverse("complaints:detail", args=[reference])).status_code == 200

    dump = database_dump()
    assert "complaints_complaint" in dump or "AM-" in dump  # the dump really holds the cases
    for canary in CANARIES:
        assert canary not in dump, canary
        assert canary not in caplog.text, canary
        for message in mail.outbox:
            assert canary not in message.subject + message.body
