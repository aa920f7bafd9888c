"""The registry, its export, the focal-point form, the public directory, meetings,
assessments and safe hiring cost an exact number of queries with several rows present;
each query is named above its test.

A signed-in page starts by reading the session and the user and ends by saving the session
(SESSION_SAVE_EVERY_REQUEST) inside a savepoint: "savepoint, session save, release". The
counts are the same on SQLite and PostgreSQL: PostgreSQL reads a form's choices through one
server-side cursor (DECLARE), which counts as one query as SQLite's SELECT does.
"""

from datetime import date

import pytest
from django.urls import reverse

from core.factories import OrganisationFactory
from core.models import Location
from focalpoints import services
from focalpoints.models import CoreStandard, Meeting, SafeHiringCheck

pytestmark = pytest.mark.django_db

ALL_MET = dict.fromkeys(CoreStandard.values, ("met", "Seen the policy"))


@pytest.fixture
def camps(db):
    """Three camps in a district of a province."""
    province = Location.objects.create(name="Gaziantep", level=1)
    district = Location.objects.create(name="Nizip", level=2, parent=province)
    return [Location.objects.create(name=f"Camp {n}", level=3, parent=district) for n in range(3)]


@pytest.fixture
def organisations(agency_a, agency_b):
    return [agency_a, agency_b, OrganisationFactory(name="Org C", acronym="OC")]


@pytest.fixture
def registry(organisations, camps, make_focal_point):
    """In each organisation a serving focal point covering the three camps, and one whose
    term ended (the history)."""
    serving = []
    for name, organisation in zip(["Leyla", "Ayse", "Omar"], organisations, strict=True):
        focal_point = make_focal_point(organisation, f"{name} Demir", publish_phone=True)
        focal_point.locations.set(camps)
        make_focal_point(
            organisation, f"{name} Former", email=f"former.{name.lower()}@example.org",
            appointed_on=date(2024, 1, 1), ends_on=date(2025, 1, 1),
        )  # fmt: skip
        serving.append(focal_point)
    return serving


def shows_all(response, names):
    page = response.content.decode()
    assert response.status_code == 200
    assert all(name in page for name in names)


# --- The registry -----------------------------------------------------------------------


def test_the_registry_as_coordinator(client, personas, registry, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 member organisations, 4 their focal points (accounts joined),
    # 5 the focal points' places (districts joined), 6 user's organisation (menu),
    # 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("focalpoints:registry"))
    shows_all(response, [fp.name for fp in registry] + ["Leyla Former", "Camp 2"])


def test_the_registry_as_focal_point(client, personas, registry, django_assert_num_queries):
    client.force_login(personas["focal_a"])
    # 1 session, 2 user, 3 user's organisation (is it a network member; the menu reuses
    # it), 4 member organisations, 5 their focal points, 6 the focal points' places,
    # 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("focalpoints:registry"))
    shows_all(response, [fp.name for fp in registry])


def test_the_registry_export(client, personas, registry, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # Each place is written "province / district / camp": the prefetch joins both parents
    # (it used to join the district only: one more query per camp per focal point).
    # 1 session, 2 user, 3 member organisations, 4 their focal points, 5 the focal points'
    # places (district and province joined), 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("focalpoints:registry-csv"))
    shows_all(response, [fp.name for fp in registry] + ["Gaziantep / Nizip / Camp 2"])


def test_the_public_directory(client, registry, django_assert_num_queries):
    # 1 member organisations, 2 their focal points, 3 the focal points' places (no session:
    # the page is public)
    with django_assert_num_queries(3):
        response = client.get(reverse("directory"))
    shows_all(response, [fp.name for fp in registry])


def test_the_form_for_a_new_focal_point(client, personas, registry, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # The form's places join both parents (a camp's label used to read its province).
    # 1 session, 2 user, 3 user's organisation (menu), 4 organisations, 5 accounts,
    # 6 places (district and province joined), 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("focalpoints:add"))
    shows_all(response, ["Gaziantep / Nizip / Camp 2"])


def test_the_form_for_a_focal_point(client, personas, registry, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 focal point (organisation joined), 4 its places (the form's
    # initial), 5 user's organisation (menu), 6 organisations, 7 accounts, 8 places
    # (district and province joined), 9 savepoint, 10 session save, 11 release
    with django_assert_num_queries(11):
        response = client.get(reverse("focalpoints:edit", args=[registry[0].pk]))
    shows_all(response, [registry[0].name])


# --- Meetings -----------------------------------------------------------------------------


@pytest.fixture
def meetings(personas, organisations):
    """Three meetings, each attended by the three organisations, with an action point
    for each."""
    meetings = []
    for n in range(3):
        meeting = services.meeting_save(
            actor=personas["coordinator"],
            meeting=Meeting(held_on=date(2026, 11, n + 1), title=f"Meeting {n}"),
            attendees=organisations,
        )
        for organisation in organisations:
            services.action_point_add(
                actor=personas["coordinator"], meeting=meeting,
                description=f"Action for {organisation.acronym}", owner=organisation,
                due_on=date(2026, 12, 1),
            )  # fmt: skip
        meetings.append(meeting)
    return meetings


def test_the_meetings_as_coordinator(client, personas, meetings, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 user's organisation (menu), 4 meetings (open action points
    # counted), 5 their attendees, 6 organisations (the form), 7 savepoint, 8 session save,
    # 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("focalpoints:meetings"))
    shows_all(response, [meeting.title for meeting in meetings])


def test_the_meetings_as_focal_point(client, personas, meetings, django_assert_num_queries):
    client.force_login(personas["focal_a"])
    # 1 session, 2 user, 3 user's organisation (is it a network member; the menu reuses
    # it), 4 meetings, 5 their attendees, 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("focalpoints:meetings"))
    shows_all(response, [meeting.title for meeting in meetings])


def test_a_meeting(client, personas, meetings, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 meeting, 4 attendees, 5 action points (owners joined),
    # 6 user's organisation (menu), 7 organisations (the action point's owner),
    # 8 savepoint, 9 session save, 10 release
    with django_assert_num_queries(10):
        response = client.get(reverse("focalpoints:meeting", args=[meetings[0].pk]))
    shows_all(response, ["Action for AGA", "Action for AGB", "Action for OC"])


# --- Assessments --------------------------------------------------------------------------


@pytest.fixture
def assessments(personas, organisations):
    """An assessment of each organisation, each with three improvement actions."""
    assessments = []
    for organisation in organisations:
        assessment = services.assessment_create(
            actor=personas["coordinator"], organisation=organisation, assessed_on=date(2026, 10, 1),
            results=ALL_MET, code_of_conduct_prohibits_sea=True, agreement_has_psea_clause=True,
            plan=[(f"Train staff {n}", date(2027, 3, 1 + n)) for n in range(3)],
        )  # fmt: skip
        assessments.append(assessment)
    return assessments


def test_the_assessments(client, personas, assessments, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 assessments (organisations joined), 4 user's organisation
    # (menu), 5 organisations (the form), 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("focalpoints:assessments"))
    shows_all(response, [reverse("focalpoints:assessment", args=[a.pk]) for a in assessments])


def test_an_assessment(client, personas, assessments, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 assessment (organisation joined), 4 results by standard,
    # 5 improvement plan, 6 user's organisation (menu), 7 savepoint, 8 session save,
    # 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("focalpoints:assessment", args=[assessments[0].pk]))
    shows_all(response, ["Train staff 0", "Train staff 1", "Train staff 2"])


# --- Safe hiring --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "focal_a"])
def test_the_safe_hiring_checks(
    client, personas, organisations, persona, django_assert_num_queries
):
    for n in range(3):
        services.safe_hiring_record(
            actor=personas["focal_a"],
            check=SafeHiringCheck(
                organisation=organisations[0], position="Driver", hr_reference=f"HR-A-{n}",
                checked_on=date(2026, 11, 2), scheme="mds", outcome="cleared",
            ),
        )  # fmt: skip
    client.force_login(personas[persona])
    # 1 session, 2 user, 3 user's organisation (menu), 4 checks (organisations joined),
    # 5 organisations (the form), 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("focalpoints:safe-hiring"))
    shows_all(response, ["HR-A-0", "HR-A-1", "HR-A-2"])
