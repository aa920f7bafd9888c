import pytest

from complaints import services as complaint_services
from core.factories import UserFactory
from core.roles import Role
from referrals import services

from ..complaints.conftest import intake_data, log_complaint  # noqa: F401  (fixtures)


@pytest.fixture
def investigator_b(agency_b):
    return UserFactory(
        username="investigator_b",
        organisation=agency_b,
        roles=[Role.INVESTIGATOR],
        email="ib@example.org",
    )


@pytest.fixture
def provider_b(agency_b):
    return UserFactory(username="provider_b", organisation=agency_b, roles=[Role.SERVICE_PROVIDER])


def screen_new_sea_case(personas, agency):
    """An SEA complaint received by agency B, screened as implicating `agency`."""
    complaint = complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )
    complaint_services.complaint_screen(
        actor=personas["coordinator"], complaint=complaint, classification="sea", priority="high",
        implicated_organisation=agency,
    )  # fmt: skip
    return complaint


@pytest.fixture
def screened(personas, agency_a):
    """screen_new_sea_case for agency A, every persona with an e-mail address."""
    for user in personas.values():
        user.email = f"{user.username}@example.org"
        user.save()
    return screen_new_sea_case(personas, agency_a)


@pytest.fixture
def referral(personas, screened):
    return services.investigation_refer(actor=personas["coordinator"], complaint=screened)


@pytest.fixture
def assistance(personas, screened, provider_org):
    survivor = screened.persons.get(is_survivor=True)
    return services.assistance_refer(
        actor=personas["coordinator"], complaint=screened, survivor=survivor, service="medical",
        provider=provider_org, needs="Needs a female doctor; can come on Tuesdays.",
    )  # fmt: skip
