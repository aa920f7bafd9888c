"""The service map decides whom an assistance referral may go to."""

import pytest
from django.urls import reverse

from core.errors import ApplicationError
from core.factories import OrganisationFactory
from pathways import services
from pathways.selectors import map_covers, providers_for
from referrals import services as referral_services
from referrals.forms import AssistanceReferForm
from referrals.models import AssistanceReferral

from ..referrals.conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


def test_a_point_serves_its_places_and_every_place_beneath_them(
    add_point, agency_a, agency_b, provider_org, places
):
    add_point(provider_org, "medical", [places["gaziantep"]])  # the province
    add_point(agency_b, "medical", [places["nizip"]])  # a district of it
    add_point(agency_a, "medical", [places["hatay"]])  # elsewhere
    add_point(agency_a, "legal", [places["camp"]])  # another service
    assert list(providers_for("medical", places["camp"])) == [agency_b, provider_org]
    assert list(providers_for("medical", places["nizip"])) == [agency_b, provider_org]
    assert list(providers_for("medical", places["gaziantep"])) == [provider_org]
    assert list(providers_for("medical", places["hatay"])) == [agency_a]
    assert list(providers_for("medical", None)) == [agency_a, agency_b, provider_org]


def test_an_inactive_point_or_organisation_serves_no_one(add_point, personas, provider_org, places):
    point = add_point(provider_org, "medical", [places["gaziantep"]])
    services.service_point_deactivate(actor=personas["coordinator"], point=point)
    assert not map_covers("medical")


def test_a_service_the_map_lists_no_one_for_offers_every_network_member(
    add_point, agency_a, agency_b, provider_org, places
):
    outsider = OrganisationFactory(acronym="OUT", network_member=False)
    add_point(agency_a, "medical", [places["hatay"]])
    assert not map_covers("shelter")
    offered = list(providers_for("shelter", places["camp"]))
    assert agency_a in offered and agency_b in offered and provider_org in offered
    assert outsider not in offered
    # A service on the map but with no one at this place offers no one.
    assert map_covers("medical") and not providers_for("medical", places["camp"]).exists()


@pytest.fixture
def case_in_nizip(personas, agency_a, places):
    complaint = screen_new_sea_case(personas, agency_a)
    complaint.location = places["nizip"]
    complaint.save(update_fields=["location"])
    return complaint


def test_the_referral_form_offers_only_mapped_providers(
    client, personas, case_in_nizip, add_point, agency_a, agency_b, provider_org, places
):
    add_point(provider_org, "medical", [places["gaziantep"]])
    add_point(agency_a, "medical", [places["hatay"]])
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[case_in_nizip.reference]))
    form = page.context["assist_form"]
    groups = dict(form.fields["provider"].choices[1:])
    assert groups["Medical care"] == [(provider_org.pk, "HC")]
    fallback = groups["Services not on the map yet: any organisation"]
    assert (agency_a.pk, "AGA") in fallback and (agency_b.pk, "AGB") in fallback
    html = page.content.decode()
    assert (
        "the service map lists no provider of this service yet; every organisation is offered"
        in html
    )
    # Posting a provider off the map is refused, with the reason.
    survivor = case_in_nizip.persons.get(is_survivor=True)
    response = client.post(
        reverse("referrals:refer-assistance", args=[case_in_nizip.reference]),
        {"survivor": survivor.pk, "service": "medical", "provider": agency_a.pk},
        follow=True,
    )
    assert "The service map lists no such service of this provider for this place." in (
        response.content.decode()
    )
    assert not AssistanceReferral.objects.exists()
    client.post(
        reverse("referrals:refer-assistance", args=[case_in_nizip.reference]),
        {"survivor": survivor.pk, "service": "medical", "provider": provider_org.pk},
    )
    assert AssistanceReferral.objects.get().provider == provider_org


def test_the_form_takes_the_place_from_the_survivors(case_in_nizip, add_point, agency_b, places):
    add_point(agency_b, "medical", [places["nizip"]])
    survivors = list(case_in_nizip.persons.filter(is_survivor=True))
    form = AssistanceReferForm(survivors=survivors)
    assert form.provider_map().serving["medical"] == [(agency_b.pk, "AGB")]


def test_the_service_refuses_a_provider_off_the_map(
    personas, case_in_nizip, add_point, agency_a, provider_org, places
):
    add_point(agency_a, "medical", [places["hatay"]])
    survivor = case_in_nizip.persons.get(is_survivor=True)
    with pytest.raises(ApplicationError) as refused:
        referral_services.assistance_refer(
            actor=personas["coordinator"], complaint=case_in_nizip, survivor=survivor,
            service="medical", provider=agency_a,
        )  # fmt: skip
    assert refused.value.code == "referral.provider_not_on_map"
    assert "AGA is not on the service map" in refused.value.messages[0]
    add_point(provider_org, "medical", [places["nizip"]])
    referral = referral_services.assistance_refer(
        actor=personas["coordinator"], complaint=case_in_nizip, survivor=survivor,
        service="medical", provider=provider_org,
    )  # fmt: skip
    assert referral.provider == provider_org


def test_without_a_map_any_organisation_may_still_be_chosen(personas, case_in_nizip, agency_b):
    survivor = case_in_nizip.persons.get(is_survivor=True)
    referral = referral_services.assistance_refer(
        actor=personas["coordinator"], complaint=case_in_nizip, survivor=survivor,
        service="medical", provider=agency_b,
    )  # fmt: skip
    assert referral.provider == agency_b
