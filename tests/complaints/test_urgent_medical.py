"""Rape or sexual assault reported within 120 hours of the incident needs an immediate
medical referral (post-exposure prophylaxis within 72 hours, emergency contraception
within 120): the case is flagged, made high priority and the coordinators told at once
(issue 11, point 6)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services
from notifications.models import Notification
from notifications.outbox import reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _operation_in_utc(settings):
    """Dates below are counted in UTC, as the deadlines are (whatever zone the machine's
    environment sets), so the tests do not depend on the hour they run."""
    settings.AMANA_OPERATION_TIME_ZONE = "UTC"


def logged(log_complaint, personas, subcategory, days_ago, precision="exact"):
    incident = timezone.localdate() - timedelta(days=days_ago)
    return log_complaint(
        personas["focal_a"], subcategory=subcategory, priority="low",
        incident_date_precision=precision, incident_date=incident,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("subcategory", "days_ago", "precision", "urgent"),
    [
        ("rape", 0, "exact", True),
        ("rape", 2, "exact", True),
        ("sexual_assault", 4, "exact", True),  # within 120 h of the end of that day
        ("rape", 6, "exact", False),
        ("rape", 2, "month", False),  # approximate: not known to be within the window
        ("transactional_sex", 1, "exact", False),
    ],
)
def test_a_recent_rape_or_sexual_assault_is_flagged_urgent(
    personas, log_complaint, subcategory, days_ago, precision, urgent
):
    complaint = logged(log_complaint, personas, subcategory, days_ago, precision)
    assert complaint.urgent_medical == urgent
    assert (complaint.priority == "high") == urgent


def test_the_coordinators_are_told_at_once_and_see_it_on_the_case(client, personas, log_complaint):
    personas["coordinator"].email = "c@example.org"
    personas["coordinator"].save()
    complaint = logged(log_complaint, personas, "rape", 1)
    reminders_send()
    notice = Notification.objects.get(user=personas["coordinator"])
    assert (
        notice.text
        == f"Reminder: Urgent medical referral (within 120 hours) · {complaint.reference}"
    )
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "data-urgent-medical" in page


def test_screening_keeps_an_urgent_case_high_priority(personas, log_complaint, agency_a):
    complaint = logged(log_complaint, personas, "rape", 1)
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="low", implicated_organisation=agency_a,
    )  # fmt: skip
    assert complaint.priority == "high"
