"""One gate for every case access function: recusal holds on every page of a case,
referrals of both kinds included, and the audit trail records the role of the access
actually used."""

import pytest
from django.urls import reverse

from complaints import services as complaint_services
from core.factories import UserFactory
from core.models import AuditEvent
from core.roles import Role
from referrals import services
from referrals.permissions import assistance_access, investigation_access
from referrals.selectors import assistance_referrals_for, investigation_referrals_for

from .conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_coordinator(agency_a):
    return UserFactory(username="coordinator_2", organisation=agency_a, roles=[Role.COORDINATOR])


def test_a_recused_coordinator_sees_no_referral_of_the_case(
    client, personas, referral, assistance, second_coordinator
):
    complaint_services.complaint_recuse(
        actor=second_coordinator, complaint=referral.complaint, user=personas["coordinator"]
    )
    coordinator = personas["coordinator"]
    assert not investigation_access(coordinator, referral).view
    assert not assistance_access(coordinator, assistance).view
    assert not investigation_referrals_for(coordinator).exists()
    assert not assistance_referrals_for(coordinator).exists()
    client.force_login(coordinator)
    for url in (
        reverse("referrals:investigation", args=[referral.pk]),
        reverse("referrals:assistance", args=[assistance.pk]),
        reverse("complaints:detail", args=[referral.complaint.reference]),
    ):
        assert client.get(url).status_code == 404
    assert (
        referral.complaint.reference
        not in client.get(reverse("referrals:assistance-inbox")).content.decode()
    )


def test_a_recused_provider_loses_the_assistance_referral(
    client, personas, assistance, second_coordinator
):
    complaint_services.complaint_recuse(
        actor=second_coordinator, complaint=assistance.complaint, user=personas["provider"]
    )
    client.force_login(personas["provider"])
    assert client.get(reverse("referrals:assistance", args=[assistance.pk])).status_code == 404


def roles_of(complaint, action):
    return list(
        AuditEvent.objects.filter(object_id=str(complaint.pk), action=action).values_list(
            "actor_role", flat=True
        )
    )


def test_the_audit_role_is_the_one_the_access_was_granted_under(
    client, personas, referral, assistance
):
    complaint = referral.complaint
    assert roles_of(complaint, "complaint.screen") == ["coordinator"]
    assert roles_of(complaint, "referral.investigation.create") == ["coordinator"]
    client.force_login(personas["investigator_a"])
    client.get(reverse("referrals:investigation", args=[referral.pk]))
    client.post(reverse("referrals:acknowledge", args=[referral.pk]))
    assert roles_of(complaint, "referral.investigation.acknowledge") == ["investigator"]
    client.force_login(personas["provider"])
    client.get(reverse("referrals:assistance", args=[assistance.pk]))
    assert set(roles_of(complaint, "complaint.view")) == {"investigator", "service_provider"}


def test_an_agency_without_investigators_acts_through_its_focal_points(client, personas, agency_b):
    """Agency B has no investigator: its focal point acts on the referral, and the audit
    trail says so."""
    complaint = screen_new_sea_case(personas, agency_b)
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    client.force_login(personas["focal_b"])
    assert client.get(reverse("referrals:investigation", args=[referral.pk])).status_code == 200
    client.post(reverse("referrals:acknowledge", args=[referral.pk]))
    assert roles_of(complaint, "referral.investigation.acknowledge") == ["focal_point"]
    # Once the agency has an investigator, the investigator acts and the focal point no
    # longer does.
    UserFactory(username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR])
    assert not investigation_access(personas["focal_b"], referral).act


def test_a_public_reporters_reads_are_audited_as_the_reporter(client):
    from complaints.services import IntakeData, public_report_create

    complaint, code = public_report_create(
        data=IntakeData(complaint={"narrative": "x", "category": "unknown"}, persons=[])
    )
    client.post(reverse("public:follow_up"), {"code": code})
    assert roles_of(complaint, "complaint.view") == ["reporter"]
    assert roles_of(complaint, "complaint.submit") == ["reporter"]
