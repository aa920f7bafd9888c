"""Reminders come from the database and go out exactly once; escalation follows an
ignored reminder; messages carry a reference and a link only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.celery import app as celery_app
from notifications.models import Notification, Reminder
from notifications.outbox import reminders_create, reminders_send
from referrals import services

pytestmark = pytest.mark.django_db

LATER = timedelta(days=4)  # past the 2-working-day acknowledgement deadline


def run(now):
    reminders_create(now)
    return reminders_send(now)


def test_a_new_referral_notifies_the_agency_at_once(personas, referral):
    assert run(timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [["investigator_a@example.org"]]
    assert Notification.objects.filter(user=personas["investigator_a"]).count() == 1


def test_a_late_acknowledgement_gives_one_reminder_then_one_escalation(personas, referral):
    now = timezone.now()
    run(now)  # the "new referral" notice
    mail.outbox.clear()
    later = now + LATER
    assert run(later) == 2  # the acknowledgement, and assistance not yet offered
    assert run(later) == 0  # a second beat sends nothing more
    ack = Reminder.objects.get(kind="acknowledgement", stage="reminder")
    assert ack.sent_at is not None
    acknowledgement = [m.to for m in mail.outbox if "Acknowledgement" in m.subject]
    assert acknowledgement == [["investigator_a@example.org"]]

    assert run(later + timedelta(hours=23)) == 0  # not yet ignored for 24 hours
    mail.outbox.clear()
    assert run(ack.sent_at + timedelta(hours=25)) == 1
    assert Reminder.objects.filter(stage="escalation").count() == 1
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]
    assert run(ack.sent_at + timedelta(hours=26)) == 0


def test_no_escalation_once_acknowledged(personas, referral):
    later = timezone.now() + LATER
    run(later)
    services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    run(later + timedelta(days=2))
    assert not Reminder.objects.filter(stage="escalation").exists()


def test_messages_carry_a_reference_and_a_link_only(personas, referral):
    run(timezone.now() + LATER)
    assert mail.outbox
    for message in mail.outbox:
        assert referral.complaint.reference in message.subject
        assert (
            f"/referrals/investigations/{referral.pk}/" in message.body
            or f"/complaints/{referral.complaint.reference}/" in message.body
        )
        for secret in (
            "Zubeyde",
            "Canarywoman",
            "555",
            "canary",
            "Alleged Perp",
            "AGA",
            "Agency A",
        ):
            assert secret not in message.subject + message.body
    for notification in Notification.objects.all():
        assert "Zubeyde" not in notification.text


def test_a_reminder_claimed_by_another_worker_is_not_sent_twice(personas, referral):
    now = timezone.now()
    reminders_create(now)
    Reminder.objects.update(claimed_at=now)  # another worker is sending it right now
    assert reminders_send(now) == 0
    assert mail.outbox == []


def test_a_worker_that_died_mid_send_leaves_it_for_the_next_run(personas, referral, settings):
    now = timezone.now()
    reminders_create(now)
    Reminder.objects.update(
        claimed_at=now - timedelta(seconds=settings.AMANA_REMINDER_LEASE_SECONDS + 1)
    )
    assert reminders_send(now) == 1
    assert reminders_send(now) == 0
    assert len(mail.outbox) == 1


def test_when_email_is_down_nothing_is_lost_and_it_goes_out_once_later(
    personas, referral, settings, caplog
):
    now = timezone.now()
    settings.EMAIL_BACKEND = "tests.referrals.broken_mail.EmailBackend"
    assert run(now) == 0
    assert "could not be sent" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lease = timedelta(seconds=settings.AMANA_REMINDER_LEASE_SECONDS + 1)
    assert run(now + lease) == 1
    assert run(now + lease * 2) == 0
    assert len(mail.outbox) == 1


def test_a_late_provider_response_reminds_the_provider(personas, assistance):
    now = timezone.now()
    run(now)
    mail.outbox.clear()
    run(now + timedelta(days=4))
    assert Reminder.objects.filter(kind="provider_response", sent_at__isnull=False).count() == 1
    assert ["provider@example.org"] in [m.to for m in mail.outbox]


def test_an_unscreened_complaint_reminds_the_coordinator(personas, log_complaint):
    personas["coordinator"].email = "coordinator@example.org"
    personas["coordinator"].save()
    log_complaint(personas["focal_a"])
    assert run(timezone.now() + timedelta(hours=23)) == 0
    assert run(timezone.now() + timedelta(hours=25)) == 1
    assert [m.to for m in mail.outbox] == [["coordinator@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_no_task_is_published_when_the_transaction_rolls_back(personas, screened):
    assert celery_app.conf.broker_url == "memory://"  # the test settings' in-process broker
    _drain()  # whatever earlier tests left
    published = []
    with pytest.raises(RuntimeError), transaction.atomic():
        services.investigation_refer(actor=personas["coordinator"], complaint=screened)
        raise RuntimeError("the request failed later")
    published.append(_drain())
    assert not Reminder.objects.exists()
    services.investigation_refer(actor=personas["coordinator"], complaint=screened)
    published.append(_drain())
    assert published == [0, 1]


def _drain() -> int:
    count = 0
    with celery_app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        while True:
            try:
                queue.get(block=False).ack()
            except queue.Empty:
                break
            count += 1
        queue.close()
    return count


def test_feedback_is_due_a_week_after_referral_unless_given(personas, referral):
    from complaints import services as complaint_services
    from complaints.models import Complaint

    Complaint.objects.filter(pk=referral.complaint_id).update(feedback_channel="phone")
    now = timezone.now()
    run(now + timedelta(days=6))
    assert not Reminder.objects.filter(kind="feedback").exists()
    run(now + timedelta(days=8))
    assert Reminder.objects.filter(kind="feedback").count() == 1

    complaint_services.feedback_give(
        actor=personas["coordinator"],
        complaint=referral.complaint,
        message="Referred.",
        channel="phone",
    )
    run(now + timedelta(days=9))
    assert Reminder.objects.filter(kind="feedback").count() == 1  # the referral feedback was given
    services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    services.investigation_report(
        actor=personas["investigator_a"], referral=referral, status="not_substantiated"
    )
    referral.refresh_from_db()
    run(referral.outcome_at + timedelta(days=8))
    assert Reminder.objects.filter(kind="feedback").count() == 2  # now due for the outcome


def test_an_sea_allegation_not_referred_in_24_hours_reminds_the_coordinator(personas, screened):
    run(timezone.now() + timedelta(hours=23))
    assert not Reminder.objects.filter(kind="sea_referral").exists()
    run(timezone.now() + timedelta(hours=25))
    assert Reminder.objects.filter(kind="sea_referral").count() == 1


def test_a_case_whose_referral_was_withdrawn_is_back_with_the_coordinator_unreminded(
    personas, referral
):
    """Withdrawing the only referral puts the case back to "screened" (status machine),
    but the coordinator who withdrew it is not told to refer it again."""
    services.investigation_withdraw(
        actor=personas["coordinator"], referral=referral, reason="consent_withdrawn"
    )
    assert referral.complaint.status == "screened"
    reminders_create(now=timezone.now() + timedelta(days=2))
    assert not Reminder.objects.filter(kind="sea_referral").exists()


def test_assistance_not_offered_in_time_reminds_the_coordinator(personas, screened):
    """A high-priority SEA case with a survivor and no assistance referral 24 hours after
    it was received: the coordinators are reminded (assistance never waits)."""
    reminders_create(now=timezone.now() + timedelta(hours=23))
    assert not Reminder.objects.filter(kind="assistance_offer").exists()
    reminders_create(now=timezone.now() + timedelta(hours=25))
    assert Reminder.objects.filter(kind="assistance_offer").count() == 1


def test_no_assistance_reminder_once_a_service_is_referred(personas, assistance):
    reminders_create(now=timezone.now() + timedelta(days=5))
    assert not Reminder.objects.filter(kind="assistance_offer").exists()
