"""The notifications page costs an exact number of queries with several notifications
present; each query is named above the test. The same on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import outbox
from notifications.registry import Delivery, ReminderKind, ReminderKinds
from tests.testapp.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(monkeypatch, personas):
    """Three reminders about the test app's dossiers, delivered to focal point A."""
    kinds = ReminderKinds()
    monkeypatch.setattr(outbox, "reminder_kinds", kinds)
    dossiers = [Dossier.objects.create(title=f"Dossier {n}", narrative="x") for n in range(3)]
    due = timezone.now() - timedelta(days=1)

    def deliver(subject, stage):
        return Delivery(
            users=[personas["focal_a"]], link=f"/test/dossiers/{subject.pk}/", label=subject.title
        )

    kinds.register(
        ReminderKind(
            "dossier_due", "Dossier due", deliver,
            due_items=lambda now: [(dossier, due) for dossier in dossiers],
        )
    )  # fmt: skip
    assert outbox.reminders_create() == 3
    assert outbox.reminders_send() == 3


def test_the_notifications_page(client, personas, notified, django_assert_num_queries):
    client.force_login(personas["focal_a"])
    # 1 session, 2 user, 3 unread notifications, 4 user's organisation (menu),
    # 5 savepoint, 6 session save (SESSION_SAVE_EVERY_REQUEST), 7 release
    with django_assert_num_queries(7):
        response = client.get(reverse("notifications:list"))
    page = response.content.decode()
    assert all(f"Dossier due · Dossier {n}" in page for n in range(3))
