"""List and detail pages make the same, exact number of queries with 1 or 50 complaints
(the queries are named in tests/complaints/test_query_counts.py)."""

import pytest
from django.urls import reverse

from complaints import services
from complaints.services import PersonData

pytestmark = pytest.mark.django_db


def many_persons():
    return [PersonData(roles={"survivor"}, values={"name": f"S{n}", "phone": f"0555{n:07d}"}, consents={"medical": True}) for n in range(6)] + [
        PersonData(roles={"perpetrator"}, values={"name": f"P{n}"}) for n in range(4)
    ]  # fmt: skip


def get(client, address):
    response = client.get(address)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("persona", ["coordinator", "focal_b"])
def test_the_list_costs_the_same_with_1_or_50_complaints(
    client, personas, log_complaint, location, persona, django_assert_num_queries
):
    client.force_login(personas[persona])
    log_complaint(personas["focal_b"], location=location)
    # 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 places for the filter
    # (parents joined), 6 complaints page, 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        get(client, reverse("complaints:list"))
    for _ in range(49):
        log_complaint(personas["focal_b"], location=location, persons=many_persons())
    with django_assert_num_queries(9):
        get(client, reverse("complaints:list"))


def test_the_detail_costs_the_same_with_few_or_many_persons(
    client, personas, log_complaint, location, django_assert_num_queries
):
    client.force_login(personas["coordinator"])
    small = log_complaint(
        personas["focal_b"],
        location=location,
        persons=[
            PersonData(roles={"survivor"}, values={"phone": "0500"}, consents={"medical": True})
        ],
    )
    big = log_complaint(personas["focal_b"], location=location, persons=many_persons())
    for n in range(3):
        services.feedback_give(
            actor=personas["coordinator"], complaint=big, message=f"f{n}", channel="phone"
        )
        services._attachment_add(
            actor=personas["focal_b"],
            complaint=big,
            content=b"%PDF-1.4 x",
            content_type="application/pdf",
            original_name="a.pdf",
        )
    # 1 session, 2 user, 3 complaint, 4 persons, 5 consents, 6 attachments, 7 feedback,
    # 8 added information, 9 recusals, 10 savepoint, 11 audit insert (the read),
    # 12 release, 13 timeline, 14 the persons' blind indexes again, 15 possible
    # duplicates, 16 case notes, 17 best-interests determinations, 18 investigation
    # referrals, 19 assistance referrals, 20 user's organisation (menu), 21 organisations
    # (add a person), 22 organisations (screening), 23 users (recusal), 24 organisations
    # (assistance provider), 25 savepoint, 26 session save, 27 release
    for complaint in (small, big):
        with django_assert_num_queries(27):
            get(client, reverse("complaints:detail", args=[complaint.reference]))


def test_the_api_list_costs_the_same_with_1_or_50_complaints(
    client, personas, log_complaint, django_assert_num_queries
):
    client.force_login(personas["coordinator"])
    log_complaint(personas["focal_b"])
    # 1 session, 2 user, 3 count, 4 complaints page, 5 savepoint, 6 session save, 7 release
    with django_assert_num_queries(7):
        get(client, reverse("api-complaints"))
    for _ in range(49):
        log_complaint(personas["focal_b"])
    with django_assert_num_queries(7):
        get(client, reverse("api-complaints"))
