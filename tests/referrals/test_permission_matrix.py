"""Every role x every referral address, for a referral to agency A and an assistance
referral to the health centre. Whoever it was not sent to gets 404, as for nothing."""

import re
import uuid

import pytest
from django.urls import reverse

from core.factories import UserFactory
from core.roles import Role

pytestmark = pytest.mark.django_db

PERSONAS = [
    "focal_a",
    "focal_b",
    "coordinator",
    "investigator_a",
    "investigator_b",
    "provider",
    "provider_b",
    "analyst",
    "admin",
    "recused",
    None,
]
SEES_INVESTIGATION = {"coordinator", "investigator_a"}
ACTS_INVESTIGATION = {"investigator_a"}
SEES_ASSISTANCE = {"coordinator", "provider"}
ACTS_ASSISTANCE = {"provider"}


@pytest.fixture
def cast(personas, investigator_b, provider_b, agency_a, referral, assistance):
    recused = UserFactory(
        username="investigator_a2", organisation=agency_a, roles=[Role.INVESTIGATOR]
    )
    from complaints import services as complaint_services

    complaint_services.complaint_recuse(
        actor=personas["coordinator"], complaint=referral.complaint, user=recused
    )
    return {
        **personas,
        "investigator_b": investigator_b,
        "provider_b": provider_b,
        "recused": recused,
        None: None,
    }


def body(response):
    return re.sub(r'name="(csrfmiddlewaretoken|next)" value="[^"]+"', "", response.content.decode())


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_reading_referrals(client, cast, referral, assistance, persona):
    client = login(client, cast[persona])
    cases = [
        ("referrals:investigation", referral.pk, 999999, SEES_INVESTIGATION),
        ("referrals:assistance", assistance.pk, uuid.uuid4(), SEES_ASSISTANCE),
    ]
    for name, pk, missing, sees in cases:
        real = client.get(reverse(name, args=[pk]))
        fake = client.get(reverse(name, args=[missing]))
        if persona is None:
            assert real.status_code == fake.status_code == 302
        elif persona in sees:
            assert real.status_code == 200, name
        else:
            assert real.status_code == 404, name
            assert body(real) == body(fake)


@pytest.mark.parametrize("persona", PERSONAS)
def test_acting_on_referrals(client, cast, referral, assistance, persona):
    client = login(client, cast[persona])
    actions = [
        ("referrals:acknowledge", referral.pk, {}, ACTS_INVESTIGATION, SEES_INVESTIGATION),
        (
            "referrals:respond",
            assistance.pk,
            {"status": "accepted"},
            ACTS_ASSISTANCE,
            SEES_ASSISTANCE,
        ),
    ]
    for name, pk, data, acts, sees in actions:
        response = client.post(reverse(name, args=[pk]), data)
        if persona is None:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        elif persona in acts:
            assert response.status_code == 302
        elif persona in sees:
            assert response.status_code == 403
        else:
            assert response.status_code == 404, (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_inboxes_list_only_what_was_sent_to_you(client, cast, referral, assistance, persona):
    client = login(client, cast[persona])
    for address, sees in (
        (reverse("referrals:investigations"), SEES_INVESTIGATION),
        (reverse("referrals:assistance-inbox"), SEES_ASSISTANCE),
    ):
        response = client.get(address)
        shows = response.status_code == 200 and (
            referral.complaint.reference in response.content.decode()
            or "Medical care" in response.content.decode()
        )
        assert shows == (persona in sees), (address, persona)


def test_coordinator_actions_are_the_coordinators(client, cast, referral):
    for persona in ("investigator_a", "investigator_b", "focal_b", "provider"):
        login(client, cast[persona])
        response = client.post(
            reverse("referrals:withdraw", args=[referral.pk]), {"reason": "other"}
        )
        assert response.status_code in (403, 404)
    referral.refresh_from_db()
    assert referral.withdrawn_at is None
    login(client, cast["coordinator"])
    client.post(reverse("referrals:withdraw", args=[referral.pk]), {"reason": "other"})
    referral.refresh_from_db()
    assert referral.withdrawn_at is None  # not confirmed: nothing happens
    client.post(
        reverse("referrals:withdraw", args=[referral.pk]), {"reason": "other", "confirm": "on"}
    )
    referral.refresh_from_db()
    assert referral.withdrawn_at is not None


def test_the_dashboard_is_the_coordinators_alone(client, cast):
    for persona in PERSONAS:
        response = login(client, cast[persona]).get(reverse("reports:dashboard"))
        expected = 200 if persona == "coordinator" else (302 if persona is None else 404)
        assert response.status_code == expected, persona
        client.logout()


def test_refer_addresses_are_404_to_those_who_cannot_see_the_case(client, cast, referral):
    reference = referral.complaint.reference
    for persona in ("investigator_b", "provider", "analyst", "admin", "focal_a"):
        login(client, cast[persona])
        assert (
            client.post(reverse("referrals:refer-investigation", args=[reference])).status_code
            == 404
        )
        assert (
            client.post(reverse("referrals:refer-assistance", args=[reference])).status_code == 404
        )
