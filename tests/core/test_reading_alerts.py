"""Unusual reading (issue 12, point 7): an account reading many distinct cases in a short
time is flagged by beat and the coordinators and auditors are told, once per burst; the
reader and anyone recused from one of the cases are not the ones told."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from complaints import services
from core.audit import UNUSUAL_READING, unusual_reading_flag
from core.factories import UserFactory
from core.models import AuditEvent
from core.roles import Role
from core.tasks import flag_unusual_reading
from notifications.models import Notification
from notifications.outbox import reminders_create, reminders_send
from tests.complaints.conftest import intake_data

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=0)


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.AMANA_READING_ALERT_CASES = 3
    settings.AMANA_READING_ALERT_MINUTES = 10


@pytest.fixture
def cases(personas):
    return [
        services.complaint_intake(actor=personas["focal_a"], data=intake_data(), submit=True)
        for _ in range(7)
    ]


@pytest.fixture
def auditor(agency_b):
    return UserFactory(username="auditor", organisation=agency_b, roles=[Role.AUDITOR])


def read(user, complaint, at):
    """A read as every case page records it (complaints.services.complaint_record_view)."""
    return AuditEvent.objects.create(
        at=at,
        actor=user,
        actor_role="investigator",
        actor_organisation=user.organisation,
        action="complaint.view",
        object_type="complaints.complaint",
        object_id=str(complaint.pk),
        detail={"identity": False},
    )


def scan(minutes):
    """Beat: the flagging task, then the reminder beat a minute later, as configured."""
    flags = unusual_reading_flag(now=T0 + timedelta(minutes=minutes))
    reminders_create(now=T0 + timedelta(minutes=minutes, seconds=30))
    reminders_send(now=T0 + timedelta(minutes=minutes, seconds=30))
    return flags


def told(notification_text="Unusual reading"):
    return sorted(
        Notification.objects.filter(text__contains=notification_text).values_list(
            "user__username", flat=True
        )
    )


def test_many_cases_read_in_a_short_time_are_flagged_and_the_watchers_told(
    personas, auditor, cases
):
    reader = personas["investigator_a"]
    personas["coordinator"].email = "coordinator@example.org"
    personas["coordinator"].save()
    for minute, complaint in enumerate(cases[:3]):
        read(reader, complaint, T0 + timedelta(minutes=minute))
    (flag,) = scan(5)
    assert (flag.action, flag.object_type, flag.object_id) == (
        UNUSUAL_READING, "core.user", str(reader.pk),
    )  # fmt: skip
    assert flag.detail["cases"] == 3
    assert told() == ["auditor", "coordinator"]
    notice = Notification.objects.get(user=personas["coordinator"])
    assert notice.text == (
        f"Reminder: Unusual reading of cases · account #{reader.pk} read 3 cases in 10 minutes"
    )
    assert notice.link.startswith(reverse("audit-trail") + f"?actor={reader.pk}&date_from=")
    (message,) = mail.outbox
    assert message.to == ["coordinator@example.org"]
    for case in cases:  # an id and counts: no case, no name
        assert case.reference not in message.body
    assert reader.username not in message.body


def test_reading_fewer_cases_or_the_same_case_again_is_not_unusual(personas, cases):
    reader = personas["investigator_a"]
    for minute in range(6):
        read(reader, cases[minute % 2], T0 + timedelta(minutes=minute))
    read(reader, cases[2], T0 + timedelta(minutes=30))  # a third case, long after
    assert scan(8) == []
    assert scan(31) == []
    assert told() == []


def test_once_per_burst_not_every_minute(personas, cases):
    reader = personas["investigator_a"]
    flags = []
    for minute in range(0, 21):  # a new case every three minutes, beat every minute
        if minute % 3 == 0:
            read(reader, cases[minute // 3], T0 + timedelta(minutes=minute))
        flags += scan(minute)
    assert len(flags) == 1
    assert told() == ["coordinator"]
    assert Notification.objects.count() == 1


def test_a_new_burst_after_a_pause_is_flagged_again(personas, cases):
    reader = personas["investigator_a"]
    for minute, complaint in enumerate(cases[:3]):
        read(reader, complaint, T0 + timedelta(minutes=minute))
    assert len(scan(3)) == 1
    # A pause longer than the window, then three more cases: a second burst.
    for minute, complaint in enumerate(cases[3:6], start=40):
        read(reader, complaint, T0 + timedelta(minutes=minute))
    assert len(scan(43)) == 1
    assert len(scan(44)) == 0
    assert Notification.objects.filter(user=personas["coordinator"]).count() == 2


def test_neither_the_reader_nor_the_recused_are_told(personas, auditor, cases):
    reader = UserFactory(username="reader", organisation=personas["coordinator"].organisation,
                         roles=[Role.COORDINATOR])  # fmt: skip
    recused = UserFactory(username="recused", organisation=personas["focal_b"].organisation,
                          roles=[Role.COORDINATOR])  # fmt: skip
    services.complaint_recuse(actor=personas["coordinator"], complaint=cases[1], user=recused)
    for minute, complaint in enumerate(cases[:3]):
        read(reader, complaint, T0 + timedelta(minutes=minute))
    assert len(scan(4)) == 1
    assert told() == ["auditor", "coordinator"]


def test_the_reader_does_not_see_the_flag_about_them_in_the_trail(client, personas, cases):
    reader = personas["coordinator"]
    for minute, complaint in enumerate(cases[:3]):
        read(reader, complaint, T0 + timedelta(minutes=minute))
    assert len(scan(4)) == 1
    client.force_login(reader)
    assert UNUSUAL_READING not in client.get(reverse("audit-trail")).content.decode()
    watcher = UserFactory(
        username="auditor2", organisation=reader.organisation, roles=[Role.AUDITOR]
    )
    client.force_login(watcher)
    assert UNUSUAL_READING in client.get(reverse("audit-trail")).content.decode()


def test_reads_by_the_public_or_other_events_do_not_count(personas, cases):
    for minute, complaint in enumerate(cases[:4]):
        AuditEvent.objects.create(
            at=T0 + timedelta(minutes=minute),
            action="complaint.view",
            object_type="complaints.complaint",
            object_id=str(complaint.pk),
        )  # fmt: skip  (a reporter's follow-up: no account)
        AuditEvent.objects.create(
            at=T0 + timedelta(minutes=minute), actor=personas["coordinator"],
            action="complaint.screen", object_type="complaints.complaint",
            object_id=str(complaint.pk),
        )  # fmt: skip
    assert scan(5) == []


def test_beat_runs_the_task(settings, personas, cases):
    entry = settings.CELERY_BEAT_SCHEDULE["flag-unusual-reading"]
    assert entry["task"] == "core.tasks.flag_unusual_reading"
    now = timezone.now()
    for second, complaint in enumerate(cases[:3]):
        read(personas["investigator_a"], complaint, now - timedelta(seconds=10 - second))
    assert flag_unusual_reading.apply().get() == 1
    assert flag_unusual_reading.apply().get() == 0
