"""After submission a case goes on: notes for its handlers only, people identified later,
files that arrive later (issue 11, point 5)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints import services
from complaints.models import Attachment, CaseNote
from core.models import AuditEvent
from referrals import services as referral_services

from . import files
from .conftest import intake_data

pytestmark = pytest.mark.django_db

PNG = files.PNG  # a real one: a photo is decoded in full when it is received
NOTE = "Second interview planned with the child-protection officer on Tuesday."


@pytest.fixture
def referred(personas, agency_a):
    complaint = services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    return complaint


def test_case_notes_are_for_the_handlers_only(client, personas, referred, provider_org):
    page = reverse("complaints:detail", args=[referred.reference])
    client.force_login(personas["coordinator"])
    client.post(reverse("complaints:note", args=[referred.reference]), {"text": NOTE})
    note = CaseNote.objects.get()
    assert note.author_role == "coordinator"
    assert NOTE not in str(CaseNote.objects.filter(pk=note.pk).values_list("text", flat=True))
    assert AuditEvent.objects.filter(action="complaint.note").exists()
    client.force_login(personas["investigator_a"])  # an open referral, identity not shared
    assert NOTE not in client.get(page).content.decode()  # notes may name people
    survivor = referred.persons.get(is_survivor=True)
    services.consent_record(
        actor=personas["coordinator"], complaint=referred, survivor=survivor,
        scope="share_identity", given=True, given_by="survivor",
    )  # fmt: skip
    assert NOTE in client.get(page).content.decode()
    client.post(reverse("complaints:note", args=[referred.reference]), {"text": "Acknowledged."})
    assert CaseNote.objects.count() == 2
    client.force_login(personas["focal_b"])  # logged it; the case is locked: status only
    assert NOTE not in client.get(page).content.decode()
    response = client.post(reverse("complaints:note", args=[referred.reference]), {"text": "x"})
    assert response.status_code == 403
    assert CaseNote.objects.count() == 2


def test_a_person_identified_later_is_added_and_a_child_makes_it_a_child_case(
    client, personas, log_complaint
):
    complaint = log_complaint(
        personas["focal_b"], category="other_misconduct", subcategory="fraud", priority="low"
    )
    client.force_login(personas["coordinator"])
    client.post(
        reverse("complaints:person-add", args=[complaint.reference]),
        {"role": "survivor", "name": "Younger Brother", "age_group": "12-17"},
    )
    complaint.refresh_from_db()
    assert complaint.persons.filter(is_survivor=True, name_index__gt="").count() == 2
    assert complaint.is_child_case and complaint.need_to_know
    assert complaint.priority == "high"
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "Younger Brother" in page and "Person added" in page


def test_files_that_arrive_later_are_stored_encrypted(client, personas, log_complaint):
    complaint = log_complaint(personas["focal_b"])
    client.force_login(personas["coordinator"])
    client.post(
        reverse("complaints:attachments-add", args=[complaint.reference]),
        {"attachments": [SimpleUploadedFile("later.png", PNG, content_type="image/png")]},
    )
    attachment = Attachment.objects.get(complaint=complaint)
    assert attachment.content_type == "image/png"
    assert AuditEvent.objects.get(action="complaint.attachments_add").detail == {"attachments": 1}
    client.force_login(personas["focal_b"])  # not a handler of a locked case
    response = client.post(
        reverse("complaints:attachments-add", args=[complaint.reference]),
        {"attachments": [SimpleUploadedFile("x.png", PNG, content_type="image/png")]},
    )
    assert response.status_code == 403
