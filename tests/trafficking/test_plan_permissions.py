"""Who may do what to a victim's assistance plan and NRM referral, as a table: role by
action by own or other organisation. Allowed: the step happens (its audit event is
written). Refused: 404, exactly as for a record that does not exist, and nothing changes.
Also the provider's pages, with the query counts of the inbox pinned."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_trail_for
from core.factories import OrganisationFactory, UserFactory
from core.roles import Role

from .conftest import (
    AssistancePlanFactory,
    FollowUpFactory,
    NrmReferralFactory,
    PlanServiceFactory,
    VictimFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


@pytest.fixture
def world(ct_personas, agency_a, provider_org, natc):
    """A record of agency A with an open plan: a shelter service referred to the
    provider's organisation, a documents service with consent not yet referred, a visit
    due, and an NRM referral awaiting acknowledgement."""
    victim = VictimFactory(organisation=agency_a, created_by=ct_personas["ct_a"])
    plan = AssistancePlanFactory(victim=victim, created_by=ct_personas["ct_a"])
    referred = PlanServiceFactory(plan=plan, provider=provider_org, referred=True)
    consented = PlanServiceFactory(
        plan=plan, service="documents", provider=provider_org, consented=True,
        consent_given_by="survivor", consent_recorded_at=timezone.now(),
    )  # fmt: skip
    planned = PlanServiceFactory(plan=plan, service="legal", provider=provider_org)
    visit = FollowUpFactory(plan=plan, due_on=timezone.localdate())
    nrm = NrmReferralFactory(victim=victim, authority=natc, referred_by=ct_personas["ct_a"])
    users = {
        **ct_personas,
        "provider_b": UserFactory(
            username="provider_b", organisation=OrganisationFactory(acronym="PB"),
            roles=[Role.SERVICE_PROVIDER],
        ),
        "natc_officer": UserFactory(
            username="natc_officer", organisation=natc, roles=[Role.COUNTER_TRAFFICKING]
        ),
        "anonymous": None,
    }  # fmt: skip
    return {
        "victim": victim, "plan": plan, "referred": referred, "consented": consented,
        "planned": planned, "visit": visit, "nrm": nrm, "users": users, "natc": natc,
    }  # fmt: skip


def _ref(w):
    return w["victim"].reference


ACTIONS = {
    # name: (url, data, audit action)
    "plan_close": (
        lambda w: reverse("trafficking:plan-close", args=[_ref(w)]),
        lambda w: {"reason": "declined", "confirm": "on"},
        "victim.plan.close",
    ),
    "service_add": (
        lambda w: reverse("trafficking:plan-service-add", args=[_ref(w)]),
        lambda w: {"service": "medical", "needs": ""},
        "victim.plan.service_add",
    ),
    "consent": (
        lambda w: reverse("trafficking:plan-service-consent", args=[_ref(w), w["planned"].pk]),
        lambda w: {"given_by": "survivor"},
        "victim.plan.service_consent",
    ),
    "refer": (
        lambda w: reverse("trafficking:plan-service-refer", args=[_ref(w), w["consented"].pk]),
        lambda w: {},
        "victim.plan.service_refer",
    ),
    "update": (
        lambda w: reverse("trafficking:plan-service-update", args=[_ref(w), w["planned"].pk]),
        lambda w: {"status": "unavailable"},
        "victim.plan.service_update",
    ),
    "withdraw_consent": (
        lambda w: reverse("trafficking:plan-service-withdraw", args=[_ref(w), w["referred"].pk]),
        lambda w: {"confirm": "on"},
        "victim.plan.service_consent_withdraw",
    ),
    "follow_up_schedule": (
        lambda w: reverse("trafficking:follow-up-schedule", args=[_ref(w)]),
        lambda w: {"due_on": TODAY().isoformat()},
        "victim.plan.follow_up_schedule",
    ),
    "follow_up_record": (
        lambda w: reverse("trafficking:follow-up-record", args=[_ref(w), w["visit"].pk]),
        lambda w: {"done_on": TODAY().isoformat()},
        "victim.plan.follow_up_record",
    ),
    "nrm_refer": (
        lambda w: reverse("trafficking:nrm-refer", args=[_ref(w)]),
        lambda w: {
            "authority": OrganisationFactory(acronym="NRM2", type="government").pk,
            "consented": "on", "consent_given_by": "survivor", "confirm": "on",
        },
        "victim.nrm.refer",
    ),
    "nrm_acknowledge": (
        lambda w: reverse("trafficking:nrm-acknowledge", args=[_ref(w), w["nrm"].pk]),
        lambda w: {"reference": "R-1"},
        "victim.nrm.acknowledge",
    ),
    "nrm_withdraw": (
        lambda w: reverse("trafficking:nrm-withdraw", args=[_ref(w), w["nrm"].pk]),
        lambda w: {"confirm": "on"},
        "victim.nrm.withdraw",
    ),
    "provider_update": (
        lambda w: reverse("trafficking:provider-service-update", args=[w["referred"].pk]),
        lambda w: {"status": "in_progress"},
        "victim.plan.service_update",
    ),
}  # fmt: skip

MANAGERS = {"coordinator", "ct_a"}
ALLOWED = dict.fromkeys(ACTIONS, MANAGERS)
ALLOWED["nrm_acknowledge"] = MANAGERS | {"natc_officer"}
ALLOWED["provider_update"] = {"provider"}

PERSONAS = [
    "coordinator", "ct_a", "ct_b", "focal_a", "focal_b", "investigator_a", "provider",
    "provider_b", "natc_officer", "analyst", "admin", "auditor", "anonymous",
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_plan_action_matrix(client, world, persona, action):
    url, data, audited = ACTIONS[action]
    user = world["users"][persona]
    if user is not None:
        client.force_login(user)
    before = audit_trail_for(world["victim"]).filter(action=audited).count()
    response = client.post(url(world), data(world))
    after = audit_trail_for(world["victim"]).filter(action=audited).count()
    if persona == "anonymous":
        assert response.status_code == 302 and "/login" in response["Location"]
        assert after == before
    elif persona in ALLOWED[action]:
        assert response.status_code == 302, response.content.decode()[:500]
        assert after == before + 1
    else:
        assert response.status_code == 404
        assert after == before


@pytest.mark.parametrize(
    "persona,status",
    [("coordinator", 200), ("ct_a", 200), ("ct_b", 404), ("provider", 404), ("natc_officer", 404)],
)
def test_confirmation_pages(client, world, persona, status):
    client.force_login(world["users"][persona])
    for name in ("trafficking:plan-close", "trafficking:nrm-refer"):
        assert client.get(reverse(name, args=[_ref(world)])).status_code == status
    withdraw = reverse(
        "trafficking:plan-service-withdraw", args=[_ref(world), world["referred"].pk]
    )
    assert client.get(withdraw).status_code == status


@pytest.mark.parametrize(
    "persona,status",
    [
        ("provider", 200), ("provider_b", 404), ("coordinator", 404), ("ct_a", 404),
        ("ct_b", 404), ("focal_a", 404), ("analyst", 404), ("admin", 404), ("auditor", 404),
        ("natc_officer", 404),
    ],
)  # fmt: skip
def test_provider_service_page_matrix(client, world, persona, status):
    client.force_login(world["users"][persona])
    referred = reverse("trafficking:provider-service", args=[world["referred"].pk])
    assert client.get(referred).status_code == status
    # Consented but not referred, and planned without consent: no one's to read.
    for other in (world["consented"], world["planned"]):
        assert (
            client.get(reverse("trafficking:provider-service", args=[other.pk])).status_code == 404
        )


@pytest.mark.parametrize("persona", ["provider", "provider_b"])
def test_provider_inbox_lists_only_own_organisation(client, world, persona):
    client.force_login(world["users"][persona])
    page = client.get(reverse("trafficking:provider-inbox")).content.decode()
    link = reverse("trafficking:provider-service", args=[world["referred"].pk])
    assert (link in page) == (persona == "provider")
    assert reverse("trafficking:provider-service", args=[world["consented"].pk]) not in page


@pytest.mark.parametrize("persona", ["ct_a", "coordinator", "focal_a", "analyst"])
def test_the_inbox_is_a_providers_page(client, world, persona):
    client.force_login(world["users"][persona])
    assert client.get(reverse("trafficking:provider-inbox")).status_code == 404


def test_the_provider_inbox_query_count(client, personas, provider_org, django_assert_num_queries):
    for days in range(6):
        PlanServiceFactory(
            referred=True, provider=provider_org, planned_for=TODAY() + datetime.timedelta(days)
        )
    client.force_login(personas["provider"])
    url = reverse("trafficking:provider-inbox")
    # 1 session, 2 user, 3 count, 4 the page of services (consent and status in the
    # filter, no join per row), 5 user's organisation (menu), 6 savepoint,
    # 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.content.decode().count("<tr data-service=") == 6


def test_the_nrm_inbox_query_count(client, agency_a, natc, django_assert_num_queries):
    officer = UserFactory(organisation=natc, roles=[Role.COUNTER_TRAFFICKING])
    for shares in (True, False, True, False):
        NrmReferralFactory(
            victim=VictimFactory(organisation=agency_a), authority=natc, shares_identity=shares
        )
    client.force_login(officer)
    # 1 session, 2 user, 3 count, 4 the page of referrals (victim and data keys joined),
    # 5 savepoint, 6-7 two audit rows (identities shown), 8 release,
    # 9 user's organisation (menu), 10 savepoint, 11 session save, 12 release
    with django_assert_num_queries(12):
        response = client.get(reverse("trafficking:nrm-inbox"))
    assert response.content.decode().count("data-nrm-referral") == 4
