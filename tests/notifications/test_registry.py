"""The registration API through which apps plug into reminders: a new kind needs no
migration and no change to this app; the subject is a real generic relation."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

from core.factories import UserFactory
from core.roles import Role
from notifications import outbox, services
from notifications.models import Notification, Reminder
from notifications.registry import Delivery, ReminderKind, ReminderKinds, reminder_kinds
from notifications.services import notice_queue
from tests.testapp.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def kinds(monkeypatch):
    """A registry of its own for the test (the project's kinds stay registered)."""
    registry = ReminderKinds()
    monkeypatch.setattr(outbox, "reminder_kinds", registry)
    monkeypatch.setattr(services, "reminder_kinds", registry)
    return registry


def test_every_app_registers_its_own_kinds():
    codes = {kind.code for kind in reminder_kinds}
    assert {"screening"} <= codes  # complaints
    assert {"new_investigation", "acknowledgement", "feedback", "sea_referral"} <= codes
    assert {"action_point"} <= codes  # focalpoints
    assert {"refresher"} <= codes  # trainings
    assert {"trafficking_follow_up", "trafficking_nrm_acknowledgement"} <= codes  # trafficking
    assert set(reminder_kinds.escalating()) == {
        "acknowledgement",
        "investigation_update",
        "provider_response",
        "trafficking_follow_up",
        "trafficking_nrm_acknowledgement",
    }


def test_a_code_cannot_be_taken_twice():
    registry = ReminderKinds()
    registry.register(ReminderKind("late", "Late", lambda s, stage: None))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(ReminderKind("late", "Also late", lambda s, stage: None))


def test_a_new_kind_from_any_app_is_found_reminded_once_and_escalated(kinds, personas, settings):
    """A kind about a model the outbox has never heard of (the test app's dossier)."""
    settings.AMANA_REMINDER_LEASE_SECONDS = 60
    dossier = Dossier.objects.create(title="late dossier", narrative="x")
    due = timezone.now() - timedelta(days=2)
    owner = UserFactory(username="owner", roles=[Role.FOCAL_POINT], email="o@example.org")
    personas["coordinator"].email = "c@example.org"
    personas["coordinator"].save()

    def deliver(subject, stage):
        users = [personas["coordinator"]] if stage == "escalation" else [owner]
        return Delivery(users=users, link=f"/test/dossiers/{subject.pk}/", label="D-1")

    kinds.register(
        ReminderKind(
            "dossier_due", "Dossier due", deliver,
            due_items=lambda now: [(dossier, due)],
            still_late=lambda subject, due_at: subject.title == "late dossier",
        )
    )  # fmt: skip
    assert outbox.reminders_create() == 1
    assert outbox.reminders_create() == 0  # the second beat makes nothing new
    reminder = Reminder.objects.get(kind="dossier_due")
    assert reminder.subject == dossier
    assert reminder.content_type == ContentType.objects.get_for_model(Dossier)
    assert outbox.reminders_send() == 1
    assert outbox.reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["o@example.org"]]
    assert Notification.objects.get(user=owner).text == "Reminder: Dossier due · D-1"
    # Ignored past the escalation delay while still late: the coordinators, once.
    Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now() - timedelta(hours=25))
    assert outbox.reminders_create() == 1
    assert outbox.reminders_send() == 1
    assert outbox.reminders_create() == 0
    assert Notification.objects.get(user=personas["coordinator"]).text.startswith("Escalation")


def test_a_notice_of_an_unregistered_kind_is_refused():
    dossier = Dossier.objects.create(title="d", narrative="x")
    with pytest.raises(ValueError, match="unregistered"):
        notice_queue(kind="no_such_kind", subject=dossier, due_at=timezone.now())


def test_a_reminder_whose_subject_was_deleted_is_dropped_not_retried(kinds, personas):
    dossier = Dossier.objects.create(title="gone", narrative="x")

    def deliver(subject, stage):
        return Delivery(users=[personas["coordinator"]], link="/", label=subject.title)

    kinds.register(ReminderKind("dossier_due", "Dossier due", deliver))
    notice_queue(kind="dossier_due", subject=dossier, due_at=timezone.now())
    dossier.delete()
    assert outbox.reminders_send() == 0
    assert Reminder.objects.get(kind="dossier_due").sent_at is not None  # not every minute
    assert not Notification.objects.exists()
