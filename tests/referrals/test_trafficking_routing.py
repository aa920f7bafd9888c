"""Issue 14, routing (DOMAIN.md section 10): traffickers are mostly not aid workers. A
complaint screened as trafficking goes to an agency's investigators only when aid
personnel are implicated; otherwise its track is the national referral mechanism and
assistance, and nothing counts or chases it as an SEA allegation "not referred"."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.services import PersonData
from core.errors import ApplicationError
from notifications.models import Reminder
from notifications.outbox import reminders_create
from referrals import services
from referrals.models import InvestigationReferral
from reports.selectors import coordinator_dashboard

from ..complaints.conftest import intake_data

pytestmark = pytest.mark.django_db


def trafficking_case(personas, *, affiliation=None, implicated=None):
    """A trafficking complaint received by agency B, screened by the coordinator; the
    trafficker works for `affiliation` (None: not an aid worker, as far as known)."""
    persons = [
        PersonData(
            roles={"survivor", "complainant"},
            values={"name": "Victim Name", "age_group": "18-25", "sex": "female"},
            consents={"investigation": True, "shelter": True},
        ),
        PersonData(roles={"perpetrator"}, values={"name": "Recruiter", "affiliation": affiliation}),
    ]
    data = intake_data(category="trafficking", subcategory="", persons=persons)
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=data, submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="trafficking",
        priority="high", implicated_organisation=implicated, implicated_unknown=implicated is None,
    )  # fmt: skip
    return complaint


def test_trafficking_without_aid_personnel_is_not_referred_to_investigators(personas, agency_a):
    complaint = trafficking_case(personas)
    with pytest.raises(ApplicationError) as refused:
        services.investigation_refer(
            actor=personas["coordinator"], complaint=complaint, organisation=agency_a
        )
    assert refused.value.code == "referral.trafficking_not_aid_personnel"
    assert "national referral mechanism" in refused.value.messages[0]
    assert not InvestigationReferral.objects.exists()


def test_trafficking_with_an_implicated_organisation_is_referred(personas, agency_a):
    complaint = trafficking_case(personas, implicated=agency_a)
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    assert referral.organisation == agency_a


def test_trafficking_by_an_aid_worker_of_known_affiliation_is_referred(personas, agency_a):
    complaint = trafficking_case(personas, affiliation=agency_a)
    referral = services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint, organisation=agency_a
    )
    assert referral.organisation == agency_a


def test_the_case_page_offers_no_investigation_referral_without_aid_personnel(
    client, personas, agency_a
):
    client.force_login(personas["coordinator"])
    complaint = trafficking_case(personas)
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "Refer for investigation</button>" not in page
    assert "data-trafficking-track" in page
    assert "national referral mechanism" in page
    assert "Refer for assistance</button>" in page  # assistance goes on regardless

    complaint = trafficking_case(personas, implicated=agency_a)
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    assert "Refer for investigation</button>" in page
    assert "data-trafficking-track" not in page


def test_trafficking_without_aid_personnel_is_neither_chased_nor_counted_as_not_referred(
    personas,
):
    trafficking_case(personas)
    reminders_create(timezone.now() + timedelta(hours=25))
    assert not Reminder.objects.filter(kind="sea_referral").exists()
    # No SEA allegation to refer: no percentage at all, rather than "0 % referred".
    assert coordinator_dashboard(personas["coordinator"])["referred_within_24h"] is None
