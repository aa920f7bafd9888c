import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints import codes
from complaints import services as complaint_services
from core.factories import OrganisationFactory, UserFactory
from core.models import AuditEvent, Organisation
from core.roles import Role
from notifications.models import Notification
from notifications.outbox import reminders_send
from referrals import services
from referrals.models import AssistanceStatus, InvestigationStatus

from .conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


def detail(client, user, complaint):
    client.force_login(user)
    return client.get(reverse("complaints:detail", args=[complaint.reference]))


def test_a_referral_opens_the_case_to_the_agencys_investigators_only(
    client, personas, screened, investigator_b
):
    assert detail(client, personas["investigator_a"], screened).status_code == 404
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=screened)
    assert referral.organisation.acronym == "AGA"
    assert referral.acknowledgement_due_at > referral.referred_at
    assert detail(client, personas["investigator_a"], screened).status_code == 200
    assert detail(client, investigator_b, screened).status_code == 404
    screened.refresh_from_db()
    assert screened.status == codes.Status.REFERRED
    assert AuditEvent.objects.filter(action="referral.investigation.create").exists()


def test_without_consent_to_share_identity_the_survivor_stays_hidden(client, personas, referral):
    page = detail(client, personas["investigator_a"], referral.complaint).content.decode()
    assert "canary-distributor" in page
    assert "Zubeyde" not in page


def test_an_agency_without_investigators_receives_through_its_focal_points(
    client, personas, screened, agency_b
):
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=screened, classification="sea", priority="high",
        implicated_organisation=agency_b,
    )  # fmt: skip
    referral = services.investigation_refer(actor=personas["coordinator"], complaint=screened)
    client.force_login(personas["focal_b"])
    assert client.get(reverse("referrals:investigation", args=[referral.pk])).status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"classification": "programme_feedback"}, "Only a complaint screened as SEA"),
        ({"implicated_organisation": None}, "affiliation is unknown"),
        ({"consent": False}, "not consented to referral for investigation"),
    ],
)
def test_a_referral_needs_sea_a_named_agency_and_consent(personas, screened, change, message):
    if "classification" in change:
        screened.classification = change["classification"]
    if "implicated_organisation" in change:
        screened.implicated_organisation = None
    if "consent" in change:
        screened.consents.filter(scope="investigation").update(given=False)
    with pytest.raises(ValidationError, match=message):
        services.investigation_refer(actor=personas["coordinator"], complaint=screened)


def test_the_agency_acknowledges_then_reports_progress_and_outcome(personas, referral):
    investigator = personas["investigator_a"]
    with pytest.raises(ValidationError, match="Acknowledge the referral first"):
        services.investigation_report(actor=investigator, referral=referral, status="investigating")
    services.investigation_acknowledge(actor=investigator, referral=referral)
    assert referral.acknowledged_by == investigator
    assert referral.update_due_at is not None
    services.investigation_report(actor=investigator, referral=referral, status="investigating")
    services.investigation_report(
        actor=investigator,
        referral=referral,
        status="substantiated",
        actions_taken=["dismissal", "authorities"],
    )
    referral.refresh_from_db()
    assert referral.status == InvestigationStatus.SUBSTANTIATED
    assert referral.actions_taken == ["authorities", "dismissal"]
    assert referral.update_due_at is None
    with pytest.raises(ValidationError, match="closed"):
        services.investigation_report(actor=investigator, referral=referral, status="investigating")


def test_a_withdrawn_referral_is_404_on_the_next_request(client, personas, referral):
    investigator = personas["investigator_a"]
    client.force_login(investigator)
    address = reverse("referrals:investigation", args=[referral.pk])
    assert client.get(address).status_code == 200
    services.investigation_withdraw(
        actor=personas["coordinator"], referral=referral, reason="wrong_affiliation"
    )
    assert client.get(address).status_code == 404
    assert (
        client.get(reverse("complaints:detail", args=[referral.complaint.reference])).status_code
        == 404
    )
    assert (
        referral.complaint.reference
        not in client.get(reverse("referrals:investigations")).content.decode()
    )


def test_a_referral_is_rerouted_to_the_right_agency(
    client, personas, referral, agency_b, investigator_b
):
    new = services.investigation_reroute(
        actor=personas["coordinator"],
        referral=referral,
        organisation=agency_b,
        reason="wrong_affiliation",
    )
    assert new.organisation == agency_b
    assert detail(client, investigator_b, referral.complaint).status_code == 200
    assert detail(client, personas["investigator_a"], referral.complaint).status_code == 404
    assert AuditEvent.objects.filter(
        action="referral.investigation.withdraw", detail__reason="wrong_affiliation"
    ).exists()


def test_assistance_is_referred_only_with_consent_for_that_service(
    personas, screened, provider_org
):
    survivor = screened.persons.get(is_survivor=True)
    with pytest.raises(ValidationError, match="not consented to a referral for this service"):
        services.assistance_refer(
            actor=personas["coordinator"],
            complaint=screened,
            survivor=survivor,
            service="legal",
            provider=provider_org,
        )


def test_the_provider_sees_contact_and_needs_and_nothing_else(client, personas, assistance):
    client.force_login(personas["provider"])
    page = client.get(reverse("referrals:assistance", args=[assistance.pk])).content.decode()
    assert "Zubeyde Canarywoman" in page
    assert "+90 555 010 2233" in page
    assert "female doctor" in page
    assert "canary-distributor" not in page  # the narrative
    assert "Alleged Perp" not in page
    assert (
        client.get(reverse("complaints:detail", args=[assistance.complaint.reference])).status_code
        == 404
    )


def test_the_provider_accepts_then_records_the_service(personas, assistance):
    provider = personas["provider"]
    services.assistance_respond(actor=provider, referral=assistance, status="accepted")
    services.assistance_respond(actor=provider, referral=assistance, status="provided")
    assistance.refresh_from_db()
    assert assistance.status == AssistanceStatus.PROVIDED
    assert assistance.provided_at is not None
    assert AuditEvent.objects.filter(action="referral.assistance.respond").count() == 2


def test_a_referral_about_a_partner_informs_the_un_agency_that_funds_it(client, personas, agency_a):
    """UN Protocol on allegations of SEA involving implementing partners (issue 11,
    point 6): the funding UN agency is told, and given nothing of the case."""
    partner = OrganisationFactory(acronym="PNGO", type=Organisation.Type.NNGO)
    partner.funded_by.add(agency_a)  # agency A is a UN agency
    UserFactory(username="partner_focal", organisation=partner, roles=[Role.FOCAL_POINT])
    complaint = screen_new_sea_case(personas, partner)
    services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
    event = AuditEvent.objects.get(action="referral.investigation.create")
    assert event.detail["funders_informed"] == [agency_a.acronym]
    reminders_send()
    told = Notification.objects.get(user=personas["focal_a"])
    assert told.text.endswith(f"{complaint.reference} · PNGO")
    client.force_login(personas["focal_a"])
    assert client.get(reverse("complaints:detail", args=[complaint.reference])).status_code == 404
