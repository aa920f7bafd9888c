from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from focalpoints import services
from focalpoints.models import ActionPoint, CoreStandard, Meeting, Rating, SafeHiringCheck
from notifications.models import Reminder
from notifications.outbox import reminders_create, reminders_send

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_a_meeting_with_attendance_and_action_points(
    client, personas, agency_a, agency_b
):
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("focalpoints:meetings"),
        {"held_on": "2026-11-05", "title": "November network meeting", "agenda": "1. Referral delays",
         "decisions": "Agencies name alternates by December.", "attendees": [agency_a.pk, agency_b.pk]},
    )  # fmt: skip
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("focalpoints:meeting", args=[meeting.pk])
    assert set(meeting.attendees.values_list("acronym", flat=True)) == {"AGA", "AGB"}
    client.post(
        response["Location"],
        {"description": "Name an alternate", "owner": agency_b.pk, "due_on": "2026-12-01"},
    )
    action = ActionPoint.objects.get()
    assert action.owner == agency_b
    page = client.get(response["Location"]).content.decode()
    assert "Name an alternate" in page
    client.post(response["Location"], {"done": action.pk})
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_an_action_point_cannot_be_due_before_its_meeting(personas, agency_a):
    meeting = services.meeting_save(
        actor=personas["coordinator"], meeting=Meeting(held_on=date(2026, 11, 5), title="M")
    )
    with pytest.raises(ValidationError, match="before the meeting"):
        services.action_point_add(
            actor=personas["coordinator"],
            meeting=meeting,
            description="x",
            owner=agency_a,
            due_on=date(2026, 11, 1),
        )


def test_only_the_coordinator_records_meetings(client, personas):
    client.force_login(personas["focal_a"])
    assert client.get(reverse("focalpoints:meetings")).status_code == 200
    assert (
        client.post(
            reverse("focalpoints:meetings"), {"held_on": "2026-11-05", "title": "x"}
        ).status_code
        == 403
    )
    assert not Meeting.objects.exists()


def test_an_action_point_due_soon_is_reminded_exactly_once(personas, agency_a):
    personas["focal_a"].email = "focal_a@example.org"
    personas["focal_a"].save()
    today = timezone.localdate()
    meeting = services.meeting_save(
        actor=personas["coordinator"], meeting=Meeting(held_on=today, title="M")
    )
    services.action_point_add(
        actor=personas["coordinator"],
        meeting=meeting,
        description="Share the SOP",
        owner=agency_a,
        due_on=today + timedelta(days=10),
    )
    now = timezone.now()
    reminders_create(now)
    assert not Reminder.objects.filter(kind="action_point").exists()  # not due soon yet
    later = now + timedelta(days=8)
    for _ in range(2):
        reminders_create(later)
        reminders_send(later)
    assert Reminder.objects.filter(kind="action_point", sent_at__isnull=False).count() == 1
    assert [m.to for m in mail.outbox] == [["focal_a@example.org"]]
    assert "Share the SOP" not in mail.outbox[0].body
    assert f"/focal-points/meetings/{meeting.pk}/" in mail.outbox[0].body


ALL_MET = dict.fromkeys(CoreStandard.values, ("met", "Seen the policy"))


@pytest.mark.parametrize(
    ("not_met", "rating"),
    [(0, Rating.FULL), (1, Rating.MEDIUM), (2, Rating.MEDIUM), (3, Rating.LOW)],
)
def test_the_rating_follows_from_the_core_standards(personas, agency_b, not_met, rating):
    results = dict(ALL_MET)
    for standard in list(CoreStandard.values)[:not_met]:
        results[standard] = ("partly", "")
    assessment = services.assessment_create(
        actor=personas["coordinator"], organisation=agency_b, assessed_on=date(2026, 10, 1), results=results,
        code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=False, plan=[("Train all staff", date(2027, 3, 1))],
    )  # fmt: skip
    assert assessment.rating == rating
    assert assessment.valid_until == date(2031, 10, 1)
    assert assessment.plan.count() == 1


def test_every_standard_must_be_assessed(personas, agency_b):
    results = dict(ALL_MET)
    results.pop("training")
    with pytest.raises(ValidationError, match="Assess every core standard"):
        services.assessment_create(
            actor=personas["coordinator"], organisation=agency_b, assessed_on=date(2026, 10, 1), results=results,
            code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
        )  # fmt: skip


def test_assessments_are_flagged_before_they_expire(client, personas, agency_b):
    services.assessment_create(
        actor=personas["coordinator"], organisation=agency_b, assessed_on=timezone.localdate() - timedelta(days=5 * 365 - 30),
        results=ALL_MET, code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
    )  # fmt: skip
    client.force_login(personas["coordinator"])
    assert "expiring" in client.get(reverse("focalpoints:assessments")).content.decode()


def test_the_assessment_form_records_the_standards_and_the_plan(client, personas, agency_b):
    data = {"organisation": agency_b.pk, "assessed_on": "2026-10-01", "code_of_conduct_prohibits_sea": "on",
            "plan": "Add a PSEA clause to contracts 2027-01-31"}  # fmt: skip
    for standard in CoreStandard.values:
        data[f"std_{standard}"] = "met"
    client.force_login(personas["coordinator"])
    response = client.post(reverse("focalpoints:assessments"), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Full capacity" in page
    assert "Add a PSEA clause to contracts" in page
    data["plan"] = "Do something someday"
    page = client.post(reverse("focalpoints:assessments"), data).content.decode()
    assert "does not end with a date" in page


def test_an_assessment_is_seen_by_the_coordinator_and_the_partner_only(client, personas, agency_b):
    assessment = services.assessment_create(
        actor=personas["coordinator"], organisation=agency_b, assessed_on=date(2026, 10, 1), results=ALL_MET,
        code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
    )  # fmt: skip
    address = reverse("focalpoints:assessment", args=[assessment.pk])
    for persona, status in [
        ("coordinator", 200),
        ("focal_b", 200),
        ("focal_a", 404),
        ("analyst", 404),
        ("admin", 404),
    ]:
        client.force_login(personas[persona])
        assert client.get(address).status_code == status, persona


def test_a_safe_hiring_check_records_the_fact_not_the_content(client, personas, agency_a, agency_b):
    client.force_login(personas["focal_a"])
    data = {"organisation": agency_a.pk, "position": "Driver", "hr_reference": "HR-2026-114",
            "checked_on": "2026-11-02", "scheme": "mds", "outcome": "cleared"}  # fmt: skip
    assert client.post(reverse("focalpoints:safe-hiring"), data).status_code == 302
    check = SafeHiringCheck.objects.get()
    assert check.recorded_by == personas["focal_a"]
    assert {f.name for f in SafeHiringCheck._meta.fields} >= {"scheme", "outcome"}
    assert not {"content", "details", "notes"} & {f.name for f in SafeHiringCheck._meta.fields}
    response = client.post(
        reverse("focalpoints:safe-hiring"), {**data, "organisation": agency_b.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    client.force_login(personas["focal_b"])
    assert "HR-2026-114" not in client.get(reverse("focalpoints:safe-hiring")).content.decode()
