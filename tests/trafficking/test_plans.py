"""The assistance plan and the NRM referral (issue 14, point 2): consent per service,
given by the right person; nothing referred without it; a withdrawal ends the provider's
access at once and tells them only that it ended; follow-up and acknowledgement
reminders sent exactly once; closure."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_trail_for
from core.errors import ApplicationError
from core.factories import UserFactory
from core.roles import Role
from notifications.models import Notification, Reminder
from notifications.outbox import reminders_create, reminders_send
from trafficking import codes
from trafficking.models import AssistancePlan, FollowUp, NrmReferral, PlanService
from trafficking.selectors.plans import victim_page
from trafficking.services import plans as services

from .conftest import (
    AssistancePlanFactory,
    FollowUpFactory,
    NrmReferralFactory,
    PlanServiceFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

NAME = "Amira Testvictim"  # VictimFactory's name: it must never leave the record


@pytest.fixture
def plan(victim_a, ct_a):
    return services.plan_open(
        actor=ct_a, victim=victim_a, needs_assessment="Safe place, documents.",
        assessed_on=timezone.localdate(),
    )  # fmt: skip


@pytest.fixture
def shelter(plan, ct_a, provider_org):
    return services.plan_service_add(
        actor=ct_a, plan=plan, service="shelter", provider=provider_org,
        needs="A room for one adult woman.", planned_for=timezone.localdate(),
    )  # fmt: skip


@pytest.fixture
def referred(shelter, ct_a):
    services.plan_service_consent(actor=ct_a, service=shelter, given_by="survivor")
    return services.plan_service_refer(actor=ct_a, service=shelter)


def page_of(victim):
    return victim_page(victim)


# --- the plan --------------------------------------------------------------------------


def test_one_plan_per_person_and_it_shows_on_the_record(client, plan, victim_a, ct_a):
    with pytest.raises(ApplicationError) as error:
        services.plan_open(actor=ct_a, victim=victim_a)
    assert error.value.code == "plan.exists"
    client.force_login(ct_a)
    page = client.get(page_of(victim_a)).content.decode()
    assert "Assistance plan" in page and "Safe place, documents." in page
    assert [e.action for e in audit_trail_for(victim_a)].count("victim.plan.open") == 1


def test_opening_the_plan_through_the_page(client, victim_a, ct_a):
    client.force_login(ct_a)
    response = client.post(
        reverse("trafficking:plan-open", args=[victim_a.reference]),
        {"needs_assessment": "Shelter first.", "assessed_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert AssistancePlan.objects.get(victim=victim_a).needs_assessment == "Shelter first."


def test_a_service_the_map_does_not_offer_there_is_refused(plan, ct_a, provider_org):
    from pathways.models import ServicePoint

    other = UserFactory().organisation
    ServicePoint.objects.create(
        organisation=other, service="shelter", name="Other shelter", updated_by=UserFactory()
    )
    with pytest.raises(ApplicationError) as error:
        services.plan_service_add(actor=ct_a, plan=plan, service="shelter", provider=provider_org)
    assert error.value.code == "plan.provider_not_offered"
    # No point for legal aid on the map: the map's fallback (network members) applies.
    services.plan_service_add(actor=ct_a, plan=plan, service="legal", provider=provider_org)


# --- consent per service ---------------------------------------------------------------


def test_consent_is_per_service(plan, shelter, ct_a, provider_org):
    documents = services.plan_service_add(
        actor=ct_a, plan=plan, service="documents", provider=provider_org
    )
    services.plan_service_consent(actor=ct_a, service=shelter, given_by="survivor")
    services.plan_service_refer(actor=ct_a, service=shelter)
    with pytest.raises(ApplicationError) as error:
        services.plan_service_refer(actor=ct_a, service=documents)
    assert error.value.code == "plan.no_consent"
    documents.refresh_from_db()
    assert documents.status == codes.PlanServiceStatus.PLANNED


def test_refer_is_refused_without_consent_and_says_why(client, shelter, victim_a, ct_a):
    client.force_login(ct_a)
    response = client.post(
        reverse("trafficking:plan-service-refer", args=[victim_a.reference, shelter.pk]),
        follow=True,
    )
    assert "The person has not consented to this service" in response.content.decode()
    shelter.refresh_from_db()
    assert shelter.status == codes.PlanServiceStatus.PLANNED


def test_an_adult_consents_for_themself_never_a_caregiver(shelter, ct_a):
    for given_by in ("caregiver", "best_interests"):
        with pytest.raises(ApplicationError) as error:
            services.plan_service_consent(actor=ct_a, service=shelter, given_by=given_by)
        assert error.value.code == "consent.adult_for_themself"
    assert not PlanService.objects.get(pk=shelter.pk).consented


@pytest.mark.parametrize("given_by", ["caregiver", "best_interests"])
def test_a_child_consents_through_a_caregiver_or_a_best_interests_determination(
    given_by, agency_a, ct_a, provider_org
):
    child = VictimFactory(child=True, organisation=agency_a)
    plan = AssistancePlanFactory(victim=child)
    service = PlanServiceFactory(plan=plan, provider=provider_org)
    with pytest.raises(ApplicationError) as error:
        services.plan_service_consent(actor=ct_a, service=service, given_by="survivor")
    assert error.value.code == "consent.child_alone"
    services.plan_service_consent(actor=ct_a, service=service, given_by=given_by)
    service.refresh_from_db()
    assert service.consented and service.consent_given_by == given_by


def test_the_consent_form_offers_only_the_right_people(client, agency_a, ct_a):
    child = VictimFactory(child=True, organisation=agency_a)
    PlanServiceFactory(plan=AssistancePlanFactory(victim=child))
    client.force_login(ct_a)
    page = client.get(page_of(child)).content.decode()
    assert 'value="caregiver"' in page and 'value="best_interests"' in page
    assert 'value="survivor"' not in page


# --- the provider ----------------------------------------------------------------------


def test_the_provider_reads_only_contact_and_needs(client, referred, personas):
    client.force_login(personas["provider"])
    page = client.get(reverse("trafficking:provider-service", args=[referred.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert NAME in text and "+90 555 000 1122" in text and "A room for one adult woman." in text
    assert "Mira" not in text  # the alias
    assert "bus station" not in text  # the case notes
    assert "Safe place" not in text  # the needs assessment
    assert "Agriculture" not in text  # the record's codes
    # ...and not the record itself.
    victim = referred.plan.victim
    assert client.get(page_of(victim)).status_code == 404
    events = audit_trail_for(victim).filter(action="victim.plan.service_read")
    assert events.count() == 1 and NAME not in str(events[0].detail)


def test_withdrawal_ends_the_providers_access_at_once_and_tells_them_not_why(
    client, referred, personas, ct_a
):
    provider = personas["provider"]
    client.force_login(provider)
    page = reverse("trafficking:provider-service", args=[referred.pk])
    assert client.get(page).status_code == 200
    victim = referred.plan.victim

    client.force_login(ct_a)
    withdraw = reverse("trafficking:plan-service-withdraw", args=[victim.reference, referred.pk])
    confirm_page = client.get(withdraw)
    assert "I confirm: this cannot be undone." in confirm_page.content.decode()
    refused = client.post(withdraw, {})  # no tick: nothing happens
    assert refused.status_code == 400 and "Tick the box to confirm." in refused.content.decode()
    assert client.post(withdraw, {"confirm": "on"}).status_code == 302

    client.force_login(provider)
    assert client.get(page).status_code == 404
    inbox = client.get(reverse("trafficking:provider-inbox")).content.decode()
    assert reverse("trafficking:provider-service", args=[referred.pk]) not in inbox
    reminders_send()
    notice = Notification.objects.get(user=provider, text__contains="Access")
    assert notice.text == f"Reminder: Access to a service ended · {victim.reference}"
    assert "consent" not in notice.text.lower() and "withdr" not in notice.text.lower()
    assert notice.link == reverse("trafficking:provider-inbox")


def test_withdrawing_before_referral_tells_no_one(shelter, ct_a):
    services.plan_service_consent(actor=ct_a, service=shelter, given_by="survivor")
    services.plan_service_consent_withdraw(actor=ct_a, service=shelter)
    reminders_send()
    assert not Notification.objects.filter(text__contains="Access").exists()


def test_the_provider_is_told_of_a_referral_by_reference_only(referred, personas):
    reminders_send()
    notice = Notification.objects.get(user=personas["provider"])
    assert referred.plan.victim.reference in notice.text and NAME not in notice.text
    assert notice.link == reverse("trafficking:provider-service", args=[referred.pk])


def test_the_provider_records_the_service_provided(client, referred, personas):
    client.force_login(personas["provider"])
    client.post(
        reverse("trafficking:provider-service-update", args=[referred.pk]),
        {"status": "provided", "provided_on": timezone.localdate().isoformat()},
    )
    referred.refresh_from_db()
    assert referred.status == codes.PlanServiceStatus.PROVIDED


def test_provider_inbox_by_planned_date_with_standing_consent_only(personas, provider_org):
    from trafficking.selectors.plans import provider_inbox

    today = timezone.localdate()
    later = PlanServiceFactory(
        referred=True, provider=provider_org, planned_for=today + datetime.timedelta(days=9)
    )
    sooner = PlanServiceFactory(referred=True, provider=provider_org, planned_for=today)
    PlanServiceFactory(provider=provider_org)  # planned, no consent
    PlanServiceFactory(referred=True, provider=provider_org, consent_withdrawn_at=timezone.now())
    PlanServiceFactory(referred=True)  # another provider's
    assert list(provider_inbox(personas["provider"])) == [sooner, later]


# --- follow-up visits ------------------------------------------------------------------


def test_an_overdue_visit_reminds_the_managing_officers_exactly_once(plan, ct_a, ct_b):
    visit = FollowUpFactory(plan=plan, due_on=timezone.localdate() - datetime.timedelta(days=1))
    later = timezone.now() + datetime.timedelta(hours=1)
    assert reminders_create(now=later) >= 1
    reminders_create(now=later + datetime.timedelta(minutes=1))
    reminders_send()
    reminders_create(now=later + datetime.timedelta(minutes=2))
    reminders_send()
    assert (
        Reminder.objects.filter(kind="trafficking_follow_up", object_id=str(visit.pk)).count() == 1
    )
    notices = Notification.objects.filter(text__contains="Follow-up visit overdue")
    assert [n.user for n in notices] == [ct_a]  # not agency B's officer
    assert notices[0].text.endswith(plan.victim.reference) and NAME not in notices[0].text


def test_a_visit_made_or_not_yet_due_reminds_no_one(plan, ct_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    done = FollowUpFactory(plan=plan, due_on=yesterday)
    services.follow_up_record(actor=ct_a, follow_up=done, done_on=yesterday, notes="Well.")
    FollowUpFactory(plan=plan, due_on=timezone.localdate())  # due today: not late yet
    reminders_create()
    assert not Reminder.objects.filter(kind="trafficking_follow_up").exists()


def test_schedule_and_record_a_visit_through_the_page(client, plan, victim_a, ct_a):
    client.force_login(ct_a)
    due = timezone.localdate()
    client.post(
        reverse("trafficking:follow-up-schedule", args=[victim_a.reference]),
        {"due_on": due.isoformat()},
    )
    visit = FollowUp.objects.get(plan=plan)
    client.post(
        reverse("trafficking:follow-up-record", args=[victim_a.reference, visit.pk]),
        {"done_on": due.isoformat(), "notes": "Settled in."},
    )
    visit.refresh_from_db()
    assert visit.done_on == due and visit.done_by == ct_a and visit.notes == "Settled in."


# --- closure ---------------------------------------------------------------------------


def test_closing_the_plan_cancels_open_visits_and_stops_changes(client, plan, victim_a, ct_a):
    done = FollowUpFactory(plan=plan, due_on=timezone.localdate())
    services.follow_up_record(actor=ct_a, follow_up=done, done_on=timezone.localdate())
    FollowUpFactory(plan=plan, due_on=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(ct_a)
    close = reverse("trafficking:plan-close", args=[victim_a.reference])
    assert client.post(close, {"reason": "reintegrated"}).status_code == 400  # no tick
    client.post(close, {"reason": "reintegrated", "confirm": "on"})
    plan.refresh_from_db()
    assert plan.status == codes.PlanStatus.CLOSED and plan.closure_reason == "reintegrated"
    assert list(plan.follow_ups.all()) == [done]
    reminders_create(now=timezone.now() + datetime.timedelta(days=2))
    assert not Reminder.objects.filter(kind="trafficking_follow_up").exists()
    with pytest.raises(ApplicationError) as error:
        services.plan_service_add(actor=ct_a, plan=plan, service="medical")
    assert error.value.code == "plan.closed"
    page = client.get(page_of(victim_a)).content.decode()
    assert "Closed" in page and "Add a service" not in page


# --- the national referral mechanism ---------------------------------------------------


def nrm_post(client, victim, natc, **extra):
    data = {
        "authority": natc.pk, "consented": "on", "consent_given_by": "survivor",
        "note": "", "confirm": "on", **extra,
    }  # fmt: skip
    return client.post(reverse("trafficking:nrm-refer", args=[victim.reference]), data)


def test_nrm_referral_needs_the_persons_consent(client, victim_a, ct_a, natc):
    client.force_login(ct_a)
    refused = nrm_post(client, victim_a, natc, consented="")
    assert refused.status_code == 400
    assert "Refer only with the person&#x27;s consent." in refused.content.decode()
    assert not NrmReferral.objects.exists()
    assert nrm_post(client, victim_a, natc, shares_identity="on").status_code == 302
    referral = NrmReferral.objects.get()
    assert referral.consent_given_by == "survivor" and referral.shares_identity
    assert referral.acknowledgement_due_at > timezone.now() + datetime.timedelta(days=5)


def test_nrm_referral_for_a_child_needs_a_caregiver_or_determination(client, agency_a, ct_a, natc):
    child = VictimFactory(child=True, organisation=agency_a)
    client.force_login(ct_a)
    response = nrm_post(client, child, natc)
    assert (
        response.status_code == 400
        and "A child does not consent alone" in response.content.decode()
    )
    assert nrm_post(client, child, natc, consent_given_by="caregiver").status_code == 302


def test_the_authority_is_told_and_acknowledges(client, victim_a, ct_a, natc):
    officer = UserFactory(organisation=natc, roles=[Role.COUNTER_TRAFFICKING])
    referral = services.nrm_refer(
        actor=ct_a, victim=victim_a, authority=natc, consent_given_by="survivor",
        shares_identity=False,
    )  # fmt: skip
    reminders_send()
    notice = Notification.objects.get(user=officer)
    assert victim_a.reference in notice.text and NAME not in notice.text
    client.force_login(officer)
    assert client.get(page_of(victim_a)).status_code == 404  # the record stays closed
    client.post(
        reverse("trafficking:nrm-acknowledge", args=[victim_a.reference, referral.pk]),
        {"reference": "NATC/2026/0042"},
    )
    referral.refresh_from_db()
    assert referral.status == codes.NrmStatus.ACKNOWLEDGED
    assert referral.acknowledgement_reference == "NATC/2026/0042"
    client.force_login(ct_a)
    assert "NATC/2026/0042" in client.get(page_of(victim_a)).content.decode()


def test_the_referring_officer_records_the_reply(client, victim_a, ct_a, natc):
    referral = NrmReferralFactory(victim=victim_a, authority=natc, referred_by=ct_a)
    client.force_login(ct_a)
    client.post(
        reverse("trafficking:nrm-acknowledge", args=[victim_a.reference, referral.pk]),
        {"reference": ""},
    )
    referral.refresh_from_db()
    assert referral.status == codes.NrmStatus.ACKNOWLEDGED and referral.acknowledged_at


def test_an_overdue_acknowledgement_reminds_once_and_not_after_it_came(victim_a, ct_a, natc):
    late = NrmReferralFactory(
        victim=victim_a, authority=natc, referred_by=ct_a,
        acknowledgement_due_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    reminders_create()
    reminders_create()
    reminders_send()
    reminders_send()
    notices = Notification.objects.filter(text__contains="NRM acknowledgement overdue")
    assert [n.user for n in notices] == [ct_a]
    assert notices[0].text.endswith(victim_a.reference)
    services.nrm_acknowledge(actor=ct_a, referral=late)
    other = NrmReferralFactory(
        victim=VictimFactory(organisation=victim_a.organisation), authority=natc,
        acknowledgement_due_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip
    services.nrm_acknowledge(actor=ct_a, referral=other)
    reminders_create(now=timezone.now() + datetime.timedelta(days=3))
    assert Reminder.objects.filter(kind="trafficking_nrm_acknowledgement").count() == 1


def test_withdrawing_the_nrm_referral(client, victim_a, ct_a, natc):
    referral = NrmReferralFactory(victim=victim_a, authority=natc, referred_by=ct_a)
    client.force_login(ct_a)
    url = reverse("trafficking:nrm-withdraw", args=[victim_a.reference, referral.pk])
    assert client.post(url, {}).status_code == 400
    client.post(url, {"confirm": "on"})
    referral.refresh_from_db()
    assert referral.status == codes.NrmStatus.WITHDRAWN
    # A new referral to the same authority is possible again, with consent.
    services.nrm_refer(
        actor=ct_a, victim=victim_a, authority=natc, consent_given_by="survivor",
        shares_identity=False,
    )  # fmt: skip


def test_the_authoritys_inbox_shows_the_identity_only_when_shared(client, agency_a, ct_a, natc):
    officer = UserFactory(organisation=natc, roles=[Role.COUNTER_TRAFFICKING])
    shared = NrmReferralFactory(
        victim=VictimFactory(organisation=agency_a, name="Shared Person"), authority=natc,
        shares_identity=True,
    )  # fmt: skip
    withheld = NrmReferralFactory(
        victim=VictimFactory(organisation=agency_a, name="Withheld Person"), authority=natc
    )
    client.force_login(officer)
    page = client.get(reverse("trafficking:nrm-inbox")).content.decode()
    assert "Shared Person" in page and "Withheld Person" not in page
    assert shared.victim.reference in page and withheld.victim.reference in page
    assert audit_trail_for(shared.victim).filter(action="victim.nrm.read").count() == 1
    services.nrm_withdraw(actor=ct_a, referral=shared)
    page = client.get(reverse("trafficking:nrm-inbox")).content.decode()
    assert "Shared Person" not in page and shared.victim.reference not in page
    reminders_send()
    notice = Notification.objects.filter(user=officer, text__contains="withdrawn").get()
    assert notice.text.endswith(shared.victim.reference)


def test_another_organisations_officer_sees_no_referral(client, victim_a, ct_b, natc):
    NrmReferralFactory(victim=victim_a, authority=natc, shares_identity=True)
    client.force_login(ct_b)
    page = client.get(reverse("trafficking:nrm-inbox")).content.decode()
    assert victim_a.reference not in page and NAME not in page


def test_consent_given_again_needs_a_new_referral(client, referred, personas, ct_a):
    services.plan_service_consent_withdraw(actor=ct_a, service=referred)
    services.plan_service_consent(actor=ct_a, service=referred, given_by="survivor")
    client.force_login(personas["provider"])
    page = reverse("trafficking:provider-service", args=[referred.pk])
    assert client.get(page).status_code == 404  # not shared again by itself
    services.plan_service_refer(actor=ct_a, service=referred)
    assert client.get(page).status_code == 200
