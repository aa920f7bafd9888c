"""The trainings pages cost an exact number of queries with several rows present; each
query is named above its test.

A signed-in page starts by reading the session and the user and ends by saving the session
(SESSION_SAVE_EVERY_REQUEST) inside a savepoint: "savepoint, session save, release". The
counts are the same on SQLite and PostgreSQL: PostgreSQL reads a form's choices through one
server-side cursor (DECLARE), which counts as one query as SQLite's SELECT does.
"""

from datetime import date

import pytest
from django.urls import reverse

from core.models import Location
from trainings import services
from trainings.models import Module

pytestmark = pytest.mark.django_db


@pytest.fixture
def camps(db):
    """Three camps in a district of a province."""
    province = Location.objects.create(name="Gaziantep", level=1)
    district = Location.objects.create(name="Nizip", level=2, parent=province)
    return [Location.objects.create(name=f"Camp {n}", level=3, parent=district) for n in range(3)]


@pytest.fixture
def held(personas, agency_a, agency_b, camps, make_focal_point, make_session, attend):
    """Three held focal-point sessions, one in each camp, each attended by three focal
    points (tested before and after), and a community session counted without names."""
    focal_points = [
        make_focal_point(organisation, name)
        for name, organisation in [
            ("Leyla Demir", agency_a), ("Ayse Kaya", agency_b), ("Omar Said", agency_a),
        ]
    ]  # fmt: skip
    sessions = []
    for n, camp in enumerate(camps):
        session = make_session(location=camp, starts_on=date(2026, 1 + n, 10))
        for focal_point in focal_points:
            attend(
                session, name=focal_point.name, focal_point=focal_point,
                organisation=focal_point.organisation, pre_score=40, post_score=70,
            )  # fmt: skip
        sessions.append(session)
    community = make_session(audience="community", location=camps[0])
    services.counts_record(
        actor=personas["coordinator"], session=community, total=3, cells={("female", "18-25"): 3}
    )
    return sessions


def shows_all(response, texts):
    page = response.content.decode()
    assert response.status_code == 200
    assert all(text in page for text in texts)


@pytest.mark.parametrize("persona", ["coordinator", "focal_b"])
def test_the_sessions(client, personas, held, persona, django_assert_num_queries):
    client.force_login(personas[persona])
    # 1 session, 2 user, 3 count, 4 user's organisation (the menu; for a focal point it
    # comes first, to ask whether their agency is a network member), 5 sessions page
    # (module, organiser and place joined; people reached counted), 6 savepoint,
    # 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("trainings:sessions"))
    shows_all(response, [reverse("trainings:session", args=[s.pk]) for s in held])


def test_the_form_for_a_new_session(client, personas, held, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # The places join their parents (each label used to read them one by one: 7 queries
    # for 4 places).
    # 1 session, 2 user, 3 user's organisation (menu), 4 modules, 5 places (district and
    # province joined), 6 organisations (organiser), 7 organisations (facilitator),
    # 8 savepoint, 9 session save, 10 release
    with django_assert_num_queries(10):
        response = client.get(reverse("trainings:session-new"))
    shows_all(response, ["Gaziantep / Nizip / Camp 2"])


def test_a_session_as_coordinator(client, personas, held, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 session (module, place and organisations joined), 4 counts by
    # sex and age (the counts form), 5 participants (organisation and focal point joined),
    # 6 stray: the counts again (people reached), 7 user's organisation (menu),
    # 8-9 stray: the place's district and province (only the place is joined),
    # 10 organisations (participant form), 11 focal points (participant form),
    # 12 savepoint, 13 session save, 14 release
    with django_assert_num_queries(14):
        response = client.get(reverse("trainings:session", args=[held[0].pk]))
    shows_all(response, ["Leyla Demir", "Ayse Kaya", "Omar Said", "Gaziantep / Nizip / Camp 0"])


def test_a_session_as_focal_point(client, personas, held, django_assert_num_queries):
    client.force_login(personas["focal_b"])
    # 1 session, 2 user, 3 session, 4 user's organisation (is it a network member; the
    # menu reuses it), 5 participants, 6 counts (people reached), 7-8 stray: the place's
    # district and province, 9 savepoint, 10 session save, 11 release
    with django_assert_num_queries(11):
        response = client.get(reverse("trainings:session", args=[held[0].pk]))
    shows_all(response, ["Leyla Demir", "Ayse Kaya", "Omar Said"])


def test_a_certificate(client, personas, held, django_assert_num_queries):
    participant = held[0].participants.get(name="Ayse Kaya")
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 session, 4 its participants, 5 user's organisation (menu),
    # 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("trainings:certificate", args=[held[0].pk, participant.pk]))
    shows_all(response, ["Ayse Kaya"])


def test_the_modules(client, personas, fp_module, django_assert_num_queries):
    for n in range(3):
        services.module_save(
            actor=personas["coordinator"], module=Module(title=f"Module {n}"),
            materials=[(f"Slides {n}", "https://example.org/slides"),
                       (f"Notes {n}", "https://example.org/notes")],
        )  # fmt: skip
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 user's organisation (menu), 4 modules, 5 their materials,
    # 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("trainings:modules"))
    shows_all(response, [f"Slides {n}" for n in range(3)] + [f"Module {n}" for n in range(3)])


# 1 session, 2 user, 3 held sessions and people reached, 4 counts by sex and age,
# 5 participants by sex and age, 6 knowledge gain, 7 focal points' training status; the page
# then 8 user's organisation (menu), 9 savepoint, 10 session save, 11 release; the CSV the
# same without 8
@pytest.mark.parametrize(("query", "queries"), [("", 11), ("?format=csv", 10)])
def test_the_reports(client, personas, held, query, queries, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    with django_assert_num_queries(queries):
        response = client.get(reverse("trainings:reports") + query)
    assert response.status_code == 200
    assert "2026-03" in response.content.decode()
