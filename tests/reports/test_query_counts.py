"""The coordinator's dashboard, the API keys page, the statistics API and the API
documentation cost an exact number of queries with several rows present; each query is
named above its test.

A signed-in page starts by reading the session and the user and ends by saving the session
(SESSION_SAVE_EVERY_REQUEST) inside a savepoint: "savepoint, session save, release". A
call with an API key has no session. The counts are the same on SQLite and PostgreSQL.
"""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import apikeys
from core.factories import OrganisationFactory
from core.models import ApiKey, Location
from focalpoints import services as focalpoint_services
from focalpoints.models import CoreStandard, FocalPoint, Meeting
from referrals import services as referral_services
from referrals.models import AssistanceReferral, InvestigationReferral
from reports.aggregates import stats_rebuild
from trainings import services as training_services
from trainings.models import Module, Participant, Session

from ..referrals.conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db

ALL_MET = dict.fromkeys(CoreStandard.values, ("met", "Seen the policy"))


@pytest.fixture
def network(personas, agency_a, agency_b, provider_org):
    """Three of everything the dashboard counts: overdue referrals to agency A and overdue
    assistance, member organisations with a focal point covering a camp, assessments,
    meeting action points and held sessions attended by the focal points."""
    coordinator = personas["coordinator"]
    cases = [screen_new_sea_case(personas, agency_a) for _ in range(3)]
    for complaint in cases:
        referral_services.investigation_refer(actor=coordinator, complaint=complaint)
        survivor = complaint.persons.get(is_survivor=True)
        referral_services.assistance_refer(
            actor=coordinator, complaint=complaint, survivor=survivor, service="medical",
            provider=provider_org, needs="A female doctor.",
        )  # fmt: skip
    past = timezone.now() - timedelta(hours=1)
    InvestigationReferral.objects.update(acknowledgement_due_at=past)
    AssistanceReferral.objects.update(response_due_at=past)
    district = Location.objects.create(
        name="Nizip", level=2, parent=Location.objects.create(name="Gaziantep", level=1)
    )
    camp = Location.objects.create(name="Camp 1", level=3, parent=district)
    organisations = [agency_a, agency_b, OrganisationFactory(name="Org C", acronym="OC")]
    module = training_services.module_save(
        actor=coordinator, module=Module(title="Focal-point roles", trains_focal_points=True)
    )
    meeting = focalpoint_services.meeting_save(
        actor=coordinator, meeting=Meeting(held_on=date(2026, 3, 1), title="Network meeting")
    )
    names = ["Leyla", "Ayse", "Omar"]
    for n, (name, organisation) in enumerate(zip(names, organisations, strict=True)):
        focal_point = focalpoint_services.focal_point_save(
            actor=coordinator,
            focal_point=FocalPoint(organisation=organisation, name=f"{name} Demir",
                                   email=f"{name.lower()}@example.org", appointed_on=date(2026, 1, 1)),
            locations=[camp],
        )  # fmt: skip
        focalpoint_services.assessment_create(
            actor=coordinator, organisation=organisation, assessed_on=date(2026, 2, 1),
            results=ALL_MET, code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
        )  # fmt: skip
        focalpoint_services.action_point_add(
            actor=coordinator, meeting=meeting, description=f"Action {n}", owner=organisation,
            due_on=date(2026, 4, 1),
        )  # fmt: skip
        session = training_services.session_save(
            actor=coordinator,
            session=Session(module=module, starts_on=date(2026, 3, 10 + n), organisation=organisation,
                            facilitator_organisation=agency_a, audience="focal_points", language="en"),
        )  # fmt: skip
        training_services.session_set_status(actor=coordinator, session=session, status="held")
        training_services.participant_add(
            actor=coordinator, session=session,
            participant=Participant(name=focal_point.name, focal_point=focal_point),
        )  # fmt: skip
    stats_rebuild()
    return cases


def test_the_coordinators_dashboard(client, personas, network, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 investigations by agency and stage, 4 overdue investigations
    # (case and agency joined), 5 overdue assistance (case and provider joined), 6 SEA
    # complaints and their first referral, 7 acknowledgement times, 8 assistance by
    # status, 9 complaints by month, 10 focal points' training status, 11 people reached,
    # 12 member organisations, 13 their focal points, 14 the focal points' places,
    # 15 assessments, 16 open action points, 17 overdue action points, 18 user's
    # organisation (menu), 19 savepoint, 20 session save, 21 release
    with django_assert_num_queries(21):
        response = client.get(reverse("reports:dashboard"))
    page = response.content.decode()
    assert all(page.count(complaint.reference) == 2 for complaint in network)  # both lists
    assert 'data-metric="with-fp">3 / ' in page


def test_the_api_keys_page(
    client, personas, agency_a, agency_b, provider_org, django_assert_num_queries
):
    for organisation in (agency_a, agency_b, provider_org):
        apikeys.api_key_create(
            actor=personas["coordinator"], organisation=organisation,
            name=f"Dashboard of {organisation.acronym}", scope=ApiKey.Scope.NETWORK,
        )  # fmt: skip
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 user's organisation (menu), 4 keys (organisation joined),
    # 5 organisations (the form), 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("stats-keys"))
    page = response.content.decode()
    assert all(f"Dashboard of {acronym}" in page for acronym in ("AGA", "AGB", "HC"))


# --- The statistics API -----------------------------------------------------------------


@pytest.fixture
def key_client(personas, agency_a):
    _key, raw = apikeys.api_key_create(
        actor=personas["coordinator"], organisation=agency_a, name="Dashboards",
        scope=ApiKey.Scope.NETWORK,
    )  # fmt: skip
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


# Every call with a key: 1 key (organisation joined), 2 the key's last use (update), 3 audit
# insert (the call); then, per endpoint, as written above it.
@pytest.mark.parametrize(
    ("address", "queries"),
    [
        # 4 the month's cells, 5 the release
        ("/api/v1/stats/complaints/?by=month", 5),
        # 4 the province's cells, 5 provinces' names, 6 the release
        ("/api/v1/stats/complaints/?by=admin1", 6),
        # 4 cells within 24 hours, 5 affiliation, 6 feedback, 7 assistance,
        # 8 hours to acknowledgement, 9 outcomes, 10 the release
        ("/api/v1/stats/referrals/", 10),
        # 4 held sessions and people reached
        ("/api/v1/stats/trainings/", 4),
        # 4 member organisations, 5 their focal points, 6 the focal points' places,
        # 7 assessments, 8 open action points, 9 overdue action points, 10 focal points'
        # training status
        ("/api/v1/stats/focal-points/", 10),
    ],
)
def test_each_statistics_endpoint_with_a_key(
    key_client, network, address, queries, django_assert_num_queries
):
    with django_assert_num_queries(queries):
        response = key_client.get(address)
    assert response.status_code == 200


def test_a_statistics_endpoint_signed_in(personas, network, django_assert_num_queries):
    client = APIClient()
    client.force_login(personas["analyst"])
    # 1 session, 2 user, 3 audit insert (the call), 4 the month's cells, 5 the statistics'
    # release, 6 savepoint, 7 session save, 8 release (of the savepoint)
    with django_assert_num_queries(8):
        response = client.get(reverse("stats-complaints"), {"by": "month"})
    assert response.status_code == 200
    assert response.json()["by"] == "month"


@pytest.mark.parametrize("name", ["api-docs", "api-schema"])
def test_the_api_documentation_reads_nothing(client, name, django_assert_num_queries):
    # None: no session cookie, and the schema describes endpoints, never data
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200
