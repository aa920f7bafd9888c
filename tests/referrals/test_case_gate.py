"""One gate for every case access function: recusal holds on every page of a case,
referrals of both kinds included, and the audit trail records the role of the access
actually used."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from complaints import services as complaint_services
from complaints.models import Complaint
from complaints.permissions import complaint_access
from core.factories import UserFactory
from core.models import AuditEvent
from core.roles import Role
from notifications.models import Notification, Reminder
from notifications.outbox import reminders_create, reminders_send
from referrals import services
from referrals.models import InvestigationReferral
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


def test_grants_follow_who_acts_for_the_agency_as_accounts_change(personas, agency_b):
    """Agency B has no investigator, so its focal point holds the case; when B gets an
    investigator the case moves to the investigator, and back when they leave. A focal
    point who moves to another agency keeps nothing."""
    complaint = screen_new_sea_case(personas, agency_b)
    services.investigation_refer(actor=personas["coordinator"], complaint=complaint)

    def sees(user):
        """Reads the case's content (the receiving focal point always sees its status)."""
        user.refresh_from_db()
        return complaint_access(user, Complaint.objects.get(pk=complaint.pk)).content

    focal_b = personas["focal_b"]
    assert sees(focal_b)
    investigator = UserFactory(
        username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR]
    )
    assert sees(investigator)
    assert not sees(focal_b)
    investigator.is_active = False
    investigator.save()
    assert sees(focal_b)
    focal_b.organisation = personas["focal_a"].organisation
    focal_b.save()
    assert not sees(focal_b)


def test_a_recused_coordinator_is_neither_shown_nor_told_of_the_case(
    client, personas, referral, second_coordinator
):
    complaint = referral.complaint
    complaint_services.complaint_recuse(
        actor=second_coordinator, complaint=complaint, user=personas["coordinator"]
    )
    late = timezone.now() - timedelta(days=4)
    InvestigationReferral.objects.filter(pk=referral.pk).update(acknowledgement_due_at=late)
    client.force_login(personas["coordinator"])
    assert complaint.reference not in client.get(reverse("reports:dashboard")).content.decode()
    client.force_login(second_coordinator)
    assert complaint.reference in client.get(reverse("reports:dashboard")).content.decode()
    # The acknowledgement is late and ignored: the escalation goes to the coordinators,
    # except the recused one.
    reminders_create()
    reminders_send()
    Reminder.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    reminders_create()
    reminders_send()
    escalations = Notification.objects.filter(text__startswith="Escalation")
    assert set(escalations.values_list("user__username", flat=True)) == {"coordinator_2"}
