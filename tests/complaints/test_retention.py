"""Retention (issue 12, point 6): closed cases past their retention period are purged,
with their attachments and data key; only counts and the date of the purge remain."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from complaints import codes, retention, services
from complaints.models import Attachment, Complaint, Person, PurgedCase
from complaints.services import PersonData
from complaints.tasks import purge_expired_cases
from config.settings import base as base_settings
from core import services as core_services
from core.errors import ApplicationError
from core.models import AuditEvent, DataKey
from notifications.models import Notification, Reminder
from notifications.outbox import reminders_create, reminders_send
from referrals import services as referral_services
from referrals.models import AssistanceReferral, InvestigationReferral

from .conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY, intake_data

pytestmark = pytest.mark.django_db

NEEDS = "Canary-clinic appointment for the canary survivor"
NOTE = "Canary note: the witness lives behind the canary mosque"
PHOTO = b"%PDF-1.4 canary-photo-bytes"  # a document: accepted by its first bytes


@pytest.fixture(autouse=True)
def _policy(settings):
    """A short policy, so the tests read in days; the operation counted in UTC."""
    settings.AMANA_OPERATION_TIME_ZONE = "UTC"
    settings.AMANA_RETENTION_WARNING_DAYS = 30
    settings.AMANA_RETENTION_DAYS = {
        "default": 100,
        "reason": {"substantiated": 300, "duplicate": 10, "forwarded": 20},
        "category": {"programme_feedback": 5},
    }


def closed(
    personas, agency, *, reason="unsubstantiated", days_ago=0, classification="sea", **fields
):
    """A case logged by agency B's focal point, screened, closed `days_ago`."""
    fields.setdefault("feedback_channel", "none")
    complaint = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(**fields), submit=True
    )
    complaint = services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification=classification,
        priority="high", implicated_organisation=agency, implicated_unknown=agency is None,
    )  # fmt: skip
    services.complaint_close(
        actor=personas["coordinator"],
        complaint=complaint,
        reason=reason,
        rereview_on=(timezone.now() + timedelta(days=1)).date()
        if reason == "unattributed"
        else None,
    )
    back_date(complaint, days_ago)
    return Complaint.objects.get(pk=complaint.pk)


def back_date(complaint, days):
    Complaint.objects.filter(pk=complaint.pk).update(
        closed_at=timezone.now() - timedelta(days=days)
    )


def full_case(personas, agency_a, provider_org):
    """A case with everything a case holds: persons, consents, an attachment, both kinds
    of referral (the provider's needs are encrypted), a note, closure feedback."""
    data = intake_data(feedback_channel="phone")
    data.persons[0].consents["statistics"] = True
    data.uploads = [(PHOTO, "application/pdf", "canary-scan.pdf")]
    complaint = services.complaint_intake(actor=personas["focal_b"], data=data, submit=True)
    complaint = services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = referral_services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint
    )
    referral_services.investigation_acknowledge(actor=personas["investigator_a"], referral=referral)
    referral_services.investigation_report(
        actor=personas["investigator_a"], referral=referral, status="not_substantiated"
    )
    survivor = complaint.persons.get(is_survivor=True)
    referral_services.assistance_refer(
        actor=personas["coordinator"], complaint=complaint, survivor=survivor,
        service="medical", provider=provider_org, needs=NEEDS,
    )  # fmt: skip
    services.note_add(actor=personas["coordinator"], complaint=complaint, text=NOTE)
    services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="unsubstantiated",
        feedback="Canary feedback: we could not confirm what you told us.",
    )  # fmt: skip
    return Complaint.objects.get(pk=complaint.pk)


def database_dump() -> str:
    """Every row of every table, as text (bytes as hex): what a dump of the database
    would hold, on SQLite and PostgreSQL alike."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            # The names come from the database itself, quoted.
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                lines.append(
                    table
                    + " "
                    + " ".join(
                        bytes(v).hex() if isinstance(v, bytes | memoryview) else str(v) for v in row
                    )
                )
    return "\n".join(lines)


# --- A shredded or purged case answers "gone" -------------------------------------------


def test_a_shredded_case_page_answers_gone_not_500(client, personas):
    complaint = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    core_services.data_key_shred(actor=None, data_key=complaint.data_key, reason="test")
    client.force_login(personas["coordinator"])
    client.raise_request_exception = False
    response = client.get(reverse("complaints:detail", args=[complaint.reference]))
    assert response.status_code == 410
    assert "content was destroyed and can no longer be read" in response.content.decode()


def test_a_purged_case_answers_410_with_the_date_never_500(client, personas, agency_a):
    complaint = closed(personas, agency_a, days_ago=101)
    assert services.complaints_purge_expired() == 1
    client.force_login(personas["coordinator"])
    client.raise_request_exception = False
    for name in ("detail", "close", "reopen", "edit"):
        response = client.get(reverse(f"complaints:{name}", args=[complaint.reference]))
        assert response.status_code in (410, 405), name  # POST-only views: 405 to a GET
    response = client.get(reverse("complaints:detail", args=[complaint.reference]))
    page = response.content.decode()
    assert response.status_code == 410
    assert "This case was deleted on" in page
    assert "at the end of its retention period" in page
    assert CANARY_STORY not in page


def test_the_api_answers_410_in_the_error_contract(client, personas, agency_a):
    purged = closed(personas, agency_a, days_ago=101)
    shredded = services.complaint_intake(actor=personas["focal_b"], data=intake_data(), submit=True)
    core_services.data_key_shred(actor=None, data_key=shredded.data_key, reason="test")
    services.complaints_purge_expired()
    client.force_login(personas["coordinator"])
    for complaint, code in ((purged, "complaint.purged"), (shredded, "complaint.shredded")):
        response = client.get(reverse("api-complaint", args=[complaint.reference]))
        assert response.status_code == 410
        assert response.json()["error"]["code"] == code


def test_the_purged_page_is_told_in_the_users_language(client, personas, agency_a):
    complaint = closed(personas, agency_a, days_ago=101)
    services.complaints_purge_expired()
    client.force_login(personas["coordinator"])
    response = client.get(
        reverse("complaints:detail", args=[complaint.reference]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert response.status_code == 410
    assert 'lang="fr"' in response.content.decode()


def test_who_never_reads_cases_learns_nothing_of_a_purged_one(client, personas, agency_a):
    complaint = closed(personas, agency_a, days_ago=101)
    services.complaints_purge_expired()
    for persona in ("provider", "analyst", "admin"):
        client.force_login(personas[persona])
        response = client.get(reverse("complaints:detail", args=[complaint.reference]))
        assert response.status_code == 404, persona


# --- What the purge removes and what it keeps --------------------------------------------


def test_the_purge_removes_the_case_its_files_and_its_key(
    personas, agency_a, provider_org, django_capture_on_commit_callbacks
):
    complaint = full_case(personas, agency_a, provider_org)
    attachment = Attachment.objects.get(complaint=complaint)
    stored = storages["attachments"]
    assert stored.exists(attachment.pk.hex)
    data_key = complaint.data_key_id
    back_date(complaint, 101)

    with pytest.raises(ApplicationError) as refused:
        services.complaint_purge(complaint=closed(personas, agency_a, days_ago=99))
    assert refused.value.code == "retention.not_due"
    with django_capture_on_commit_callbacks(execute=True):
        purged = services.complaint_purge(complaint=complaint)

    assert not Complaint.objects.filter(pk=complaint.pk).exists()
    assert not Person.objects.filter(complaint_id=complaint.pk).exists()
    assert not InvestigationReferral.objects.filter(complaint_id=complaint.pk).exists()
    assert not AssistanceReferral.objects.filter(complaint_id=complaint.pk).exists()
    assert not stored.exists(attachment.pk.hex)
    key = DataKey.objects.get(pk=data_key)
    assert key.wrapped_key is None and key.shredded_at is not None
    assert purged.reference == complaint.reference
    assert PurgedCase.objects.get(reference=complaint.reference).purged_at is not None
    event = AuditEvent.objects.get(action="complaint.purge")
    assert event.object_id == str(complaint.pk)
    assert event.actor_role == "system"
    assert event.detail == {
        "reason": "retention_expired",
        "closure_reason": "unsubstantiated",
        "attachments": 1,
    }
    assert AuditEvent.objects.filter(action="datakey.shred", object_id=str(data_key)).exists()


def test_a_database_dump_after_the_purge_holds_no_trace_of_the_case(
    personas, agency_a, provider_org
):
    complaint = full_case(personas, agency_a, provider_org)
    # The case's ciphertexts and wrapped key as stored: none may outlive the purge.
    tokens = [bytes(Complaint.objects.filter(pk=complaint.pk).values_list("narrative")[0][0])]
    for name, phone in Person.objects.filter(complaint=complaint).values_list("name", "phone"):
        tokens += [bytes(name), bytes(phone)]
    tokens += [bytes(v[0]) for v in AssistanceReferral.objects.values_list("needs")]
    tokens.append(bytes(DataKey.objects.get(pk=complaint.data_key_id).wrapped_key))
    canaries = [CANARY_NAME, CANARY_PHONE, CANARY_STORY, NEEDS, NOTE, "Canary feedback"]
    before = database_dump()
    assert all(token.hex() in before for token in tokens)  # the check can see them

    back_date(complaint, 101)
    services.complaints_purge_expired()

    dump = database_dump()
    assert [t.hex()[:16] for t in tokens if t.hex() in dump] == []
    assert [c for c in canaries if c.lower() in dump.lower()] == []
    assert "canary" not in dump.lower()


def test_only_cases_past_retention_are_purged(personas, agency_a):
    due = closed(personas, agency_a, reason="unsubstantiated", days_ago=101)  # default: 100
    young = closed(personas, agency_a, reason="unsubstantiated", days_ago=99)
    kept_longer = closed(personas, agency_a, reason="substantiated", days_ago=101)  # 300
    duplicate = closed(personas, agency_a, reason="duplicate", days_ago=11)  # 10
    # The category (here the screening's classification) decides: 5 days, whatever the reason.
    feedback = closed(
        personas, agency_a, reason="substantiated", days_ago=6,
        classification="programme_feedback", category="programme_feedback", subcategory="",
    )  # fmt: skip
    unattributed = closed(personas, None, reason="unattributed", days_ago=101)  # re-review ahead
    still_open = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    Complaint.objects.filter(pk=still_open.pk).update(
        received_at=timezone.now() - timedelta(days=1000)
    )

    assert services.complaints_purge_expired() == 3
    remaining = set(Complaint.objects.values_list("pk", flat=True))
    assert due.pk not in remaining and duplicate.pk not in remaining
    assert feedback.pk not in remaining
    assert {young.pk, kept_longer.pk, unattributed.pk, still_open.pk} <= remaining


def test_an_unattributed_case_waits_for_its_rereview_date(personas):
    case = closed(personas, None, reason="unattributed", days_ago=101)
    Complaint.objects.filter(pk=case.pk).update(rereview_on=timezone.now().date())
    assert services.complaints_purge_expired() == 0  # not before the day is over
    later = timezone.now() + timedelta(days=1, minutes=1)
    assert services.complaints_purge_expired(now=later) == 1


def test_a_reopened_case_is_never_purged(personas, agency_a):
    case = closed(personas, agency_a, days_ago=101)
    services.complaint_reopen(
        actor=personas["coordinator"], complaint=case, reason="new_information"
    )
    assert services.complaints_purge_expired() == 0
    assert Complaint.objects.filter(pk=case.pk).exists()


def test_a_forwarded_case_is_kept_for_the_forwarded_period(personas, agency_b):
    complaint = services.complaint_intake(
        actor=personas["focal_b"],
        data=intake_data(category="other_misconduct", subcategory="", persons=[]),
        submit=True,
    )
    complaint = services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="other_misconduct",
        priority="medium", implicated_organisation=agency_b,
    )  # fmt: skip
    services.complaint_forward(
        actor=personas["coordinator"], complaint=complaint, organisation=agency_b
    )
    back_date(complaint, 19)
    assert services.complaints_purge_expired() == 0
    back_date(complaint, 21)
    assert services.complaints_purge_expired() == 1


def test_the_filter_and_the_date_agree(personas, agency_a):
    """The database filter (used every day) and the per-case date (shown and reminded)
    are one rule: a day either side of the date, the filter says the same."""
    cases = [
        closed(personas, agency_a, reason=reason, days_ago=0)
        for reason in ("unsubstantiated", "substantiated", "duplicate", "withdrawn")
    ]
    for case in cases:
        due = retention.purge_due_at(case)
        assert due is not None
        due_before = retention.due_for_purge(due - timedelta(minutes=1))
        due_after = retention.due_for_purge(due + timedelta(minutes=1))
        assert not due_before.filter(pk=case.pk).exists(), case.closure_reason
        assert due_after.filter(pk=case.pk).exists(), case.closure_reason


def test_the_defaults_keep_substantiated_cases_longest(settings):
    settings.AMANA_RETENTION_DAYS = base_settings.AMANA_RETENTION_DAYS
    days = {
        reason: retention.retention_days(category="sea", reason=reason)
        for reason in [*codes.ClosureReason.values, retention.FORWARDED]
    }
    assert days["substantiated"] == max(days.values()) == 3650
    assert days["duplicate"] == days["forwarded"] == 365
    assert retention.retention_days(category="programme_feedback", reason="substantiated") == 365


# --- The warning ahead, the task, the command ----------------------------------------------


def test_the_case_page_says_when_a_closed_case_will_be_deleted(client, personas, agency_a):
    case = closed(personas, agency_a, days_ago=10)
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[case.reference])).content.decode()
    due = (timezone.now() + timedelta(days=90)).date().isoformat()
    assert f"Deleted on {due} at the end of its retention period" in page


def test_the_coordinators_are_warned_before_the_purge(personas, agency_a):
    case = closed(personas, agency_a, days_ago=0)
    due = retention.purge_due_at(case)
    assert reminders_create(due - timedelta(days=31)) == 0
    assert reminders_create(due - timedelta(days=29)) == 1
    assert reminders_create(due - timedelta(days=28)) == 0  # once
    reminder = Reminder.objects.get(kind="retention")
    assert reminder.object_id == str(case.pk)
    reminders_send(due - timedelta(days=29))
    notice = Notification.objects.get(user=personas["coordinator"], reminder=reminder)
    assert case.reference in notice.text
    assert notice.link == reverse("complaints:detail", args=[case.reference])
    assert CANARY_STORY not in notice.text


def test_the_daily_task_and_the_command_purge(personas, agency_a):
    closed(personas, agency_a, days_ago=101)
    closed(personas, agency_a, days_ago=101)
    later = closed(personas, agency_a, days_ago=50)
    out = StringIO()
    call_command("purge_expired_cases", "--dry-run", stdout=out)
    assert "2 case(s) due for deletion; nothing deleted." in out.getvalue()
    assert Complaint.objects.count() == 3
    assert purge_expired_cases() == 2  # the beat's task
    back_date(later, 101)
    call_command("purge_expired_cases", stdout=out)  # by hand
    assert "1 case(s) deleted" in out.getvalue()
    assert Complaint.objects.count() == 0
    assert PurgedCase.objects.count() == 3


def test_the_purge_runs_daily_on_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired-cases"]
    assert schedule["task"] == "complaints.tasks.purge_expired_cases"
    assert schedule["schedule"] == 24 * 60 * 60


def test_a_case_purged_with_a_witness_and_a_child_consent(personas, agency_a):
    """Everything under a case goes with it, whatever it holds (here a witness and a
    caregiver's consent for a child)."""
    data = intake_data(feedback_channel="none", is_child_case=True)
    data.persons[0].values["age_group"] = "12-17"
    data.persons[0].consent_given_by = "caregiver"
    data.persons[0].consent_child_assent = True
    data.persons[0].caregiver_name = "Canary Mother"
    data.persons.append(PersonData(roles={"witness"}, values={"name": "Canary Witness"}))
    complaint = services.complaint_intake(actor=personas["focal_b"], data=data, submit=True)
    complaint = services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    services.complaint_close(actor=personas["coordinator"], complaint=complaint, reason="withdrawn")
    back_date(complaint, 101)
    assert services.complaints_purge_expired() == 1
    assert not Person.objects.filter(complaint_id=complaint.pk).exists()
