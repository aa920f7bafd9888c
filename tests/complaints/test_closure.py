"""Closing a case with a reason, its feedback, re-review of unattributed cases, reopening
(issue 11, point 5)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import codes, services
from complaints.models import Complaint
from core.errors import ApplicationError
from core.models import AuditEvent
from notifications.models import Reminder
from notifications.outbox import reminders_create
from referrals import services as referral_services

from .conftest import intake_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _operation_in_utc(settings):
    """Dates below are counted in UTC, as the deadlines are (whatever zone the machine's
    environment sets), so the tests do not depend on the hour they run."""
    settings.AMANA_OPERATION_TIME_ZONE = "UTC"


def screened(personas, agency=None, **fields):
    complaint = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(**fields), submit=True
    )
    return services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency, implicated_unknown=agency is None,
    )  # fmt: skip


def test_a_case_is_closed_with_a_reason_and_the_reporter_reads_the_feedback(client, personas):
    complaint, code = services.public_report_create(data=intake_data(persons=[]))
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("complaints:close", args=[complaint.reference]),
        {
            "reason": "no_information",
            "feedback": "Thank you. We could not find enough to act on; you can add more.",
            "confirm": "on",
        },
        follow=True,
    )
    assert "Saved." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == codes.Status.CLOSED
    assert complaint.closure_reason == "no_information"
    assert complaint.closed_at is not None  # the retention clock
    assert AuditEvent.objects.get(action="complaint.close").detail["reason"] == "no_information"
    client.logout()
    page = client.post(reverse("public:follow_up"), {"code": code}).content.decode()
    assert "Your report has been handled" in page
    assert "We could not find enough to act on" in page


def test_closing_asks_for_confirmation(client, personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    client.force_login(personas["coordinator"])
    page = client.post(
        reverse("complaints:close", args=[complaint.reference]), {"reason": "duplicate"},
        follow=True,
    ).content.decode()  # fmt: skip
    assert "Tick the box to confirm the closure." in page
    assert Complaint.objects.get(pk=complaint.pk).status == codes.Status.SCREENED


def test_the_complainant_who_wants_feedback_gets_it(personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="phone")
    with pytest.raises(ApplicationError) as refused:
        services.complaint_close(
            actor=personas["coordinator"], complaint=complaint, reason="withdrawn"
        )
    assert refused.value.code == "closure.feedback_missing"


def test_an_open_investigation_holds_the_case_open(personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    with pytest.raises(ApplicationError) as refused:
        services.complaint_close(
            actor=personas["coordinator"], complaint=complaint, reason="substantiated"
        )
    assert refused.value.code == "closure.blocked"


def test_an_unknown_affiliation_ends_as_unattributed_and_comes_back_for_review(personas):
    complaint = screened(personas, None, feedback_channel="none")
    with pytest.raises(ApplicationError) as refused:
        services.complaint_close(
            actor=personas["coordinator"], complaint=complaint, reason="unattributed"
        )
    assert refused.value.code == "closure.rereview_missing"
    review = timezone.localdate() + timedelta(days=90)
    services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="unattributed",
        rereview_on=review,
    )  # fmt: skip
    reminders_create(now=timezone.now() + timedelta(days=89))
    assert not Reminder.objects.filter(kind="rereview").exists()
    reminders_create(now=timezone.now() + timedelta(days=91))
    assert Reminder.objects.filter(kind="rereview").count() == 1


def test_unattributed_is_only_for_an_unknown_affiliation(personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    with pytest.raises(ApplicationError) as refused:
        services.complaint_close(
            actor=personas["coordinator"], complaint=complaint, reason="unattributed",
            rereview_on=timezone.localdate() + timedelta(days=30),
        )  # fmt: skip
    assert refused.value.code == "closure.not_unattributed"


def test_a_closed_case_is_reopened_with_a_reason(client, personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    services.complaint_close(actor=personas["coordinator"], complaint=complaint, reason="duplicate")
    client.force_login(personas["coordinator"])
    client.post(
        reverse("complaints:reopen", args=[complaint.reference]),
        {"reason": "new_information", "confirm": "on"},
    )
    complaint.refresh_from_db()
    assert complaint.status == codes.Status.SCREENED
    assert complaint.closed_at is None and complaint.closure_reason == ""
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "Reopened" in page  # the timeline


def test_a_closed_case_is_no_longer_the_investigators_to_read(client, personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    referral = referral_services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint
    )
    referral_services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    referral_services.investigation_report(
        actor=personas["investigator_a"], referral=referral, status="not_substantiated"
    )
    client.force_login(personas["investigator_a"])
    page = reverse("complaints:detail", args=[complaint.reference])
    assert client.get(page).status_code == 200
    services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="unsubstantiated"
    )
    assert client.get(page).status_code == 404


def test_no_closure_reason_is_chosen_for_the_coordinator(client, personas, agency_a):
    complaint = screened(personas, agency_a, feedback_channel="none")
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    close_form = page[page.index('action="/complaints/' + complaint.reference + '/close/"') :]
    assert '<option value="" selected>' in close_form[: close_form.index("</select>")]
