"""The duty to report is not consent (issue 11, point 3; DOMAIN.md section 9): the
allegation can go to the implicated agency without the survivor's consent, or with no
survivor known, and then its investigators never see who the survivor, the complainant or
the witnesses are, nor the attachments; they can ask for consent to be sought."""

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from complaints.services import PersonData
from core.errors import ApplicationError
from core.models import AuditEvent
from notifications.models import Notification
from notifications.outbox import reminders_send
from referrals import services

from ..complaints.conftest import CANARY_NAME, CANARY_STORY, intake_data

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def screened_case(personas, agency, persons):
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(persons=persons), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency,
    )  # fmt: skip
    return complaint


def refusing_survivor():
    return [
        PersonData(
            roles={"survivor", "complainant"},
            values={"name": CANARY_NAME, "age_group": "26-59"},
            consents={"investigation": False},
        ),
        PersonData(roles={"witness"}, values={"name": "Wanda Witness"}),
        PersonData(roles={"perpetrator"}, values={"name": "Alleged Perp"}),
    ]


def test_without_consent_the_allegation_goes_without_any_identity(client, personas, agency_a):
    complaint = screened_case(personas, agency_a, refusing_survivor())
    complaint_services._attachment_add(
        actor=personas["focal_b"], complaint=complaint, content=PNG,
        content_type="image/png", original_name="photo.png",
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="duty to report"):
        services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["coordinator"])
    client.post(
        reverse("referrals:refer-investigation", args=[complaint.reference]),
        {"organisation": agency_a.pk, "basis": "duty_to_report"},
    )
    referral = complaint.investigation_referrals.get()
    assert referral.basis == "duty_to_report"
    event = AuditEvent.objects.get(action="referral.investigation.create")
    assert event.detail["basis"] == "duty_to_report"

    client.force_login(personas["investigator_a"])
    page = client.get(reverse("referrals:investigation", args=[referral.pk])).content.decode()
    assert CANARY_STORY in page  # the allegation
    assert "Alleged Perp" in page  # who it is against
    assert CANARY_NAME not in page and "Wanda Witness" not in page
    case = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert CANARY_NAME not in case and "Wanda Witness" not in case
    attachment = complaint.attachments.get()
    address = reverse("complaints:attachment", args=[complaint.reference, attachment.pk])
    assert client.get(address).status_code == 403


def test_a_witness_report_with_no_survivor_can_be_referred(personas, agency_a):
    """A public report by a witness: no survivor is known, so no consent can exist, and
    the implicated agency must still be told."""
    witness_only = [
        PersonData(roles={"witness", "complainant"}, values={"name": "Wanda Witness"}),
        PersonData(roles={"perpetrator"}, values={"name": "Alleged Perp"}),
    ]
    complaint, _code = complaint_services.public_report_create(
        data=intake_data(persons=witness_only)
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea",
        priority="high", implicated_organisation=agency_a,
    )  # fmt: skip
    referral = services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint, basis="no_survivor"
    )
    assert referral.basis == "no_survivor"
    assert complaint.status == "referred"


def test_no_survivor_known_is_refused_when_one_is_recorded(personas, agency_a):
    complaint = screened_case(personas, agency_a, refusing_survivor())
    with pytest.raises(ApplicationError) as refused:
        services.investigation_refer(
            actor=personas["coordinator"], complaint=complaint, basis="no_survivor"
        )
    assert refused.value.code == "referral.survivor_known"


def test_the_investigators_ask_for_consent_to_be_sought(client, personas, agency_a):
    complaint = screened_case(personas, agency_a, refusing_survivor())
    referral = services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint, basis="duty_to_report"
    )
    client.force_login(personas["investigator_a"])
    client.post(reverse("referrals:request-consent", args=[referral.pk]))
    referral.refresh_from_db()
    assert referral.consent_requested_at is not None
    reminders_send()
    asked = Notification.objects.get(user=personas["coordinator"], text__contains="consent")
    assert complaint.reference in asked.text
    assert CANARY_NAME not in asked.text
    page = client.get(reverse("referrals:investigation", args=[referral.pk])).content.decode()
    assert "You asked for the survivor" in page


def test_one_survivors_consent_shares_her_identity_only(client, personas, agency_a):
    persons = [
        PersonData(
            roles={"survivor"}, values={"name": "First Sister", "age_group": "26-59"},
            consents={"investigation": True, "share_identity": True},
        ),
        PersonData(
            roles={"survivor"}, values={"name": "Second Sister", "age_group": "26-59"},
            consents={"investigation": True},
        ),
        PersonData(roles={"witness"}, values={"name": "Wanda Witness"}),
        PersonData(roles={"perpetrator"}, values={"name": "Alleged Perp"}),
    ]  # fmt: skip
    complaint = screened_case(personas, agency_a, persons)
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["investigator_a"])
    for page in (
        reverse("referrals:investigation", args=[referral.pk]),
        reverse("complaints:detail", args=[complaint.reference]),
        reverse("api-complaint", args=[complaint.reference]),
    ):
        shown = client.get(page).content.decode()
        assert "First Sister" in shown, page
        assert "Second Sister" not in shown and "Wanda Witness" not in shown, page
