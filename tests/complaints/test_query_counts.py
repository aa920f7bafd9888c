"""Every list and detail page of complaints, the public pages and the complaints API cost
an exact number of queries with several rows present; each query is named above its test.

Every signed-in page starts by reading the session and the user and ends by saving the
session (SESSION_SAVE_EVERY_REQUEST) inside a savepoint: "savepoint, session save,
release". A read of a case writes its audit row inside a savepoint too. The counts are the
same on SQLite and PostgreSQL: PostgreSQL reads a form's choices through one server-side
cursor (DECLARE), which counts as one query as SQLite's SELECT does.
"""

import re

import pytest
from django.urls import reverse

from complaints import services
from complaints.services import PersonData
from core.models import Location
from referrals import services as referral_services

from .conftest import intake_data

pytestmark = pytest.mark.django_db


def three_of_each():
    """Three survivors (the first also the complainant), perpetrators and witnesses."""
    survivors = [
        PersonData(
            roles={"survivor", "complainant"} if n == 0 else {"survivor"},
            values={"name": f"Survivor {n}", "phone": f"0555 000 00{n}"},
            consents={"investigation": True, "share_identity": True, "medical": True},
        )
        for n in range(3)
    ]
    perpetrators = [
        PersonData(roles={"perpetrator"}, values={"name": f"Perp {n}"}) for n in range(3)
    ]
    witnesses = [PersonData(roles={"witness"}, values={"name": f"Witness {n}"}) for n in range(3)]
    return survivors + perpetrators + witnesses


@pytest.fixture
def camps(db):
    """A province, a district and three camps in it: the places choices list."""
    province = Location.objects.create(name="Gaziantep", level=1)
    district = Location.objects.create(name="Nizip", level=2, parent=province)
    return [Location.objects.create(name=f"Camp {n}", level=3, parent=district) for n in range(3)]


def log(personas, camp, submit=True, **fields):
    return services.complaint_intake(
        actor=personas["focal_b"],
        data=intake_data(location=camp, persons=three_of_each(), **fields),
        submit=submit,
    )


@pytest.fixture
def cases(personas, agency_a, provider_org, camps):
    """Three complaints received by agency B, screened as SEA by agency A's staff and
    referred to agency A; the first with three assistance referrals, three pieces of
    feedback and three attachments."""
    cases = []
    for camp in camps:
        complaint = log(personas, camp)
        services.complaint_screen(
            actor=personas["coordinator"], complaint=complaint, classification="sea",
            priority="high", implicated_organisation=agency_a,
        )  # fmt: skip
        referral_services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
        cases.append(complaint)
    first = cases[0]
    for n, survivor in enumerate(first.persons.filter(is_survivor=True)):
        referral_services.assistance_refer(
            actor=personas["coordinator"], complaint=first, survivor=survivor, service="medical",
            provider=provider_org, needs="A female doctor.",
        )  # fmt: skip
        services.feedback_give(
            actor=personas["coordinator"], complaint=first, message=f"Feedback {n}", channel="phone"
        )
        services._attachment_add(
            actor=personas["focal_b"], complaint=first, content=b"%PDF-1.4 x",
            content_type="application/pdf", original_name="statement.pdf",
        )  # fmt: skip
    return cases


@pytest.fixture
def open_intakes(personas, camps):
    """Three complaints received by agency B and not screened yet; about other misconduct,
    so not locked to need-to-know roles at submission (an SEA intake would be)."""
    return [log(personas, camp, category="other_misconduct", subcategory="fraud") for camp in camps]


def shows_all(response, complaints):
    page = response.content.decode()
    assert response.status_code == 200
    assert all(complaint.reference in page for complaint in complaints)


# --- The list ---------------------------------------------------------------------------


def test_the_list_as_coordinator(client, personas, cases, open_intakes, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # The filter's places join their parents (each label used to read them one by one: 7
    # queries for 4 places).
    # 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 places for the filter
    # (parents joined), 6 complaints page (duplicate flag annotated), 7 savepoint,
    # 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("complaints:list"))
    shows_all(response, cases + open_intakes)


def test_the_list_as_focal_point_of_the_receiving_agency(
    client, personas, cases, open_intakes, django_assert_num_queries
):
    client.force_login(personas["focal_b"])
    # 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 places for the filter
    # (parents joined), 6 complaints page, 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("complaints:list"))
    shows_all(response, cases + open_intakes)


def test_the_list_as_investigator_with_referrals(
    client, personas, cases, django_assert_num_queries
):
    client.force_login(personas["investigator_a"])
    # 1 session, 2 user, 3 count (grants to the user and to their groups), 4 user's
    # organisation (menu), 5 places for the filter (parents joined), 6 complaints page,
    # 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("complaints:list"))
    shows_all(response, cases)


# --- The case page ----------------------------------------------------------------------


def test_the_case_page_as_coordinator(client, personas, cases, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 complaint (data key, organisations, author, place, trafficking),
    # 4 persons, 5 consents, 6 attachments, 7 feedback, 8 added information, 9 recusals,
    # 10 savepoint, 11 audit insert (the read), 12 release, 13 timeline (audit events),
    # 14 stray: the persons' blind indexes again (already in 4), 15 possible duplicates,
    # 16 case notes, 17 best-interests determinations, 18 investigation referrals,
    # 19 assistance referrals, 20 user's organisation (menu), 21 organisations (add a
    # person: alleged perpetrator's employer), 22 organisations (screening), 23 users
    # (recusal), 24 organisations (refer for investigation), 25 organisations (assistance
    # provider), 26 savepoint, 27 session save, 28 release
    with django_assert_num_queries(28):
        response = client.get(reverse("complaints:detail", args=[cases[0].reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Survivor {n}" in page and f"Feedback {n}" in page for n in range(3))
    assert cases[1].reference in page and cases[2].reference in page  # duplicates


def test_the_case_page_as_focal_point_of_the_receiving_agency(
    client, personas, open_intakes, django_assert_num_queries
):
    client.force_login(personas["focal_b"])
    # 1 session, 2 user, 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback,
    # 8 added information, 9 recusals, 10 grant to the user, 11 grant to their groups,
    # 12 savepoint, 13 audit insert (the read), 14 release, 15 timeline, 16 user's
    # organisation (menu), 17 savepoint, 18 session save, 19 release
    with django_assert_num_queries(19):
        response = client.get(reverse("complaints:detail", args=[open_intakes[0].reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Survivor {n}" in page and f"Witness {n}" in page for n in range(3))


def test_the_case_page_as_focal_point_once_screened_as_sea(
    client, personas, cases, django_assert_num_queries
):
    client.force_login(personas["focal_b"])
    # Need to know: the receiving focal point sees the status only. 1 session, 2 user,
    # 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback, 8 added information,
    # 9 recusals, 10 grant to the user, 11 grant to their groups, 12 savepoint, 13 audit
    # insert (the read), 14 release, 15 user's organisation (menu), 16 savepoint,
    # 17 session save, 18 release
    with django_assert_num_queries(18):
        response = client.get(reverse("complaints:detail", args=[cases[0].reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert cases[0].reference in page
    assert "Survivor 0" not in page


def test_the_case_page_as_investigator_with_a_referral(
    client, personas, cases, django_assert_num_queries
):
    client.force_login(personas["investigator_a"])
    # 1 session, 2 user, 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback,
    # 8 added information, 9 recusals, 10 grant to the user, 11 grant to their groups,
    # 12 stray: consent to share identity (the consents are already in 5), 13 savepoint,
    # 14 audit insert (the read), 15 release, 16 timeline, 17 case notes, 18 user's
    # organisation (menu), 19 savepoint, 20 session save, 21 release
    with django_assert_num_queries(21):
        response = client.get(reverse("complaints:detail", args=[cases[0].reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Survivor {n}" in page for n in range(3))


# --- Intake -----------------------------------------------------------------------------


def test_the_intake_form(client, personas, camps, django_assert_num_queries):
    client.force_login(personas["focal_b"])
    # The perpetrator forms share their organisation choices (each form, the empty one
    # too, used to read them again).
    # 1 session, 2 user, 3 user's organisation (menu), 4 places (parents joined),
    # 5 organisations (the perpetrator forms' affiliation), 6 savepoint, 7 session save,
    # 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("complaints:new"))
    assert response.status_code == 200
    assert all(camp.name in response.content.decode() for camp in camps)


def test_a_draft_opened_for_editing(client, personas, camps, django_assert_num_queries):
    draft = log(personas, camps[0], submit=False)
    client.force_login(personas["focal_b"])
    # 1 session, 2 user, 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback,
    # 8 added information, 9 recusals, 10 savepoint, 11 audit insert (the read),
    # 12 release, 13 user's organisation (menu), 14 places (parents joined),
    # 15 organisations (shared by the five perpetrator forms: three rows, the extra row
    # and the empty form), 16 savepoint, 17 session save, 18 release
    with django_assert_num_queries(18):
        response = client.get(reverse("complaints:edit", args=[draft.reference]))
    page = response.content.decode()
    assert response.status_code == 200
    assert all(f"Perp {n}" in page and f"Witness {n}" in page for n in range(3))


def test_the_submitted_page(client, personas, cases, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 complaint, 4-8 stray: persons, consents, attachments, feedback
    # and added information (the case page's queryset; this page shows the reference),
    # 9 recusals (the access check), 10 user's organisation (menu), 11 savepoint,
    # 12 session save, 13 release
    with django_assert_num_queries(13):
        response = client.get(reverse("complaints:submitted", args=[cases[0].reference]))
    assert response.status_code == 200
    assert cases[0].reference in response.content.decode()


# --- Public pages (no session, no user) --------------------------------------------------


@pytest.mark.parametrize("name", ["public:information", "public:report", "public:follow_up"])
def test_the_public_pages_read_nothing(client, name, django_assert_num_queries):
    # None: no session cookie, so no session, no user and nothing from the database
    with django_assert_num_queries(0):
        response = client.get(reverse(name))
    assert response.status_code == 200


def test_the_reporters_follow_up_page(client, personas, django_assert_num_queries):
    response = client.post(
        reverse("public:report"),
        {"narrative": "The guard asked for sex.", "category": "sea", "contact": "",
         "location_text": ""},
    )  # fmt: skip
    code = re.search(r"data-receipt>([A-Z0-9-]+)<", response.content.decode()).group(1)
    complaint = services.receipt_find(code)
    for n in range(3):
        services.feedback_give(
            actor=personas["coordinator"], complaint=complaint, message=f"Feedback {n}",
            channel="receipt",
        )  # fmt: skip
    # 1 receipt (and its complaint and data key), 2 savepoint, 3 audit insert (the read),
    # 4 release, 5 feedback, 6 what the reporter added since
    with django_assert_num_queries(6):
        response = client.post(reverse("public:follow_up"), {"code": code})
    assert all(f"Feedback {n}" in response.content.decode() for n in range(3))


# --- The API ----------------------------------------------------------------------------


def test_the_api_list(client, personas, cases, open_intakes, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 count, 4 complaints page (organisation and place joined),
    # 5 savepoint, 6 session save, 7 release
    with django_assert_num_queries(7):
        response = client.get(reverse("api-complaints"))
    assert response.json()["count"] == 6


def test_the_api_detail(client, personas, cases, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback,
    # 8 added information, 9 recusals, 10 savepoint, 11 audit insert (the read),
    # 12 release, 13 savepoint, 14 session save, 15 release
    with django_assert_num_queries(15):
        response = client.get(reverse("api-complaint", args=[cases[0].reference]))
    assert response.status_code == 200
    assert len(response.json()["persons"]) == 9
