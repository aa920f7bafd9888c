"""The fixed cast of personas for permission tests, and shared fixtures."""

import pytest
from django.test import Client

from core.factories import OrganisationFactory, UserFactory
from core.models import Organisation
from core.roles import Role

PASSWORD = "correct-horse-battery"


@pytest.fixture
def agency_a(db):
    return OrganisationFactory(name="Agency A", acronym="AGA", type=Organisation.Type.UN_AGENCY)


@pytest.fixture
def agency_b(db):
    return OrganisationFactory(name="Agency B", acronym="AGB", type=Organisation.Type.INGO)


@pytest.fixture
def provider_org(db):
    return OrganisationFactory(name="Health Centre", acronym="HC", type=Organisation.Type.NNGO)


@pytest.fixture
def personas(agency_a, agency_b, provider_org):
    """One user per role; "focal_a"/"focal_b" are focal points of agencies A and B."""
    return {
        "focal_a": UserFactory(username="focal_a", organisation=agency_a, roles=[Role.FOCAL_POINT]),
        "focal_b": UserFactory(username="focal_b", organisation=agency_b, roles=[Role.FOCAL_POINT]),
        "coordinator": UserFactory(
            username="coordinator", organisation=agency_a, roles=[Role.COORDINATOR]
        ),
        "investigator_a": UserFactory(
            username="investigator_a", organisation=agency_a, roles=[Role.INVESTIGATOR]
        ),
        "provider": UserFactory(
            username="provider", organisation=provider_org, roles=[Role.SERVICE_PROVIDER]
        ),
        "analyst": UserFactory(username="analyst", organisation=agency_b, roles=[Role.ANALYST]),
        "admin": UserFactory(username="admin", organisation=agency_a, roles=[Role.ADMIN]),
    }


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters must not carry over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in, password and second factor
    (core.second_factor, enforced by its middleware everywhere else). Tests of the second
    factor itself sign in through the login page or `client.login`, which do not."""
    from tests.second_factor import verify_session

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
