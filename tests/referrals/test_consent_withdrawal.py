"""A consent withdrawn ends the access it gave, for every holder, at once; the holders are
told that access ended, never why; the case's timeline shows it (issue 11, point 4)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Consent
from notifications.models import Notification, Reminder
from notifications.outbox import reminders_create, reminders_send

from ..complaints.conftest import CANARY_NAME

pytestmark = pytest.mark.django_db


def withdraw(personas, complaint, scope):
    consent = Consent.objects.get(complaint=complaint, scope=scope, withdrawn_at__isnull=True)
    complaint_services.consent_withdraw(
        actor=personas["coordinator"], complaint=complaint, consent=consent
    )


def test_the_provider_loses_the_survivors_contact_at_once_and_is_told_not_why(
    client, personas, assistance
):
    client.force_login(personas["provider"])
    page = reverse("referrals:assistance", args=[assistance.pk])
    assert CANARY_NAME in client.get(page).content.decode()
    withdraw(personas, assistance.complaint, "medical")
    assert client.get(page).status_code == 404
    inbox = client.get(reverse("referrals:assistance-inbox")).content.decode()
    assert assistance.complaint.reference not in inbox
    reminders_send()
    notice = Notification.objects.get(user=personas["provider"], text__contains="Access")
    assert notice.text == f"Reminder: Access to a case ended · {assistance.complaint.reference}"
    assert "consent" not in notice.text.lower() and "withdraw" not in notice.text.lower()
    client.force_login(personas["coordinator"])  # the coordinator still manages it
    assert client.get(page).status_code == 200


def test_a_refusal_replacing_a_consent_ends_access_too(client, personas, assistance):
    survivor = assistance.survivor
    complaint_services.consent_record(
        actor=personas["coordinator"], complaint=assistance.complaint, survivor=survivor,
        scope="medical", given=False, given_by="survivor",
    )  # fmt: skip
    client.force_login(personas["provider"])
    assert client.get(reverse("referrals:assistance", args=[assistance.pk])).status_code == 404


def test_investigators_lose_the_identity_when_either_consent_is_withdrawn(
    client, personas, referral
):
    complaint = referral.complaint
    survivor = complaint.persons.get(is_survivor=True)
    complaint_services.consent_record(
        actor=personas["coordinator"], complaint=complaint, survivor=survivor,
        scope="share_identity", given=True, given_by="survivor",
    )  # fmt: skip
    client.force_login(personas["investigator_a"])
    page = reverse("referrals:investigation", args=[referral.pk])
    assert CANARY_NAME in client.get(page).content.decode()
    withdraw(personas, complaint, "investigation")  # share_identity still stands
    response = client.get(page)
    assert response.status_code == 200  # the allegation stays with the agency
    assert CANARY_NAME not in response.content.decode()
    reminders_send()
    assert Notification.objects.filter(
        user=personas["investigator_a"], text__contains="Access to a case ended"
    ).exists()


def test_the_timeline_shows_the_withdrawal(client, personas, assistance):
    withdraw(personas, assistance.complaint, "medical")
    client.force_login(personas["coordinator"])
    page = client.get(
        reverse("complaints:detail", args=[assistance.complaint.reference])
    ).content.decode()
    assert "Consent withdrawn" in page


def test_withdrawing_a_consent_no_one_acted_on_tells_no_one(personas, screened):
    withdraw(personas, screened, "medical")
    reminders_send()
    assert not Notification.objects.filter(text__contains="Access").exists()


def test_the_investigators_never_learn_why_access_ended(client, personas, referral):
    withdraw(personas, referral.complaint, "medical")
    client.force_login(personas["investigator_a"])
    page = client.get(
        reverse("complaints:detail", args=[referral.complaint.reference])
    ).content.decode()
    assert "Consent withdrawn" not in page
    assert "replaced or withdrawn" not in page and "Refuses" not in page


def test_investigators_who_never_had_the_identity_are_not_told(personas, referral):
    """No share-identity consent was ever given: withdrawing the investigation consent
    takes nothing from them, so nothing tells them consent changed."""
    withdraw(personas, referral.complaint, "investigation")
    reminders_send()
    assert not Notification.objects.filter(
        user=personas["investigator_a"], text__contains="Access"
    ).exists()


def test_a_provider_is_not_reminded_of_a_referral_it_can_no_longer_open(personas, assistance):
    withdraw(personas, assistance.complaint, "medical")
    reminders_create(now=timezone.now() + timedelta(days=5))
    assert not Reminder.objects.filter(kind="provider_response").exists()
