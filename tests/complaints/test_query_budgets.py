"""List and detail pages make the same number of queries with 1 or 50 complaints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints import services
from complaints.services import PersonData

pytestmark = pytest.mark.django_db


def queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured)


def many_persons():
    return [PersonData(roles={"survivor"}, values={"name": f"S{n}", "phone": f"0555{n:07d}"}, consents={"medical": True}) for n in range(6)] + [
        PersonData(roles={"perpetrator"}, values={"name": f"P{n}"}) for n in range(4)
    ]  # fmt: skip


@pytest.mark.parametrize("persona", ["coordinator", "focal_b"])
def test_the_list_costs_the_same_with_1_or_50_complaints(
    client, personas, log_complaint, location, persona
):
    client.force_login(personas[persona])
    log_complaint(personas["focal_b"], location=location)
    one = queries(client, reverse("complaints:list"))
    for _ in range(49):
        log_complaint(personas["focal_b"], location=location, persons=many_persons())
    fifty = queries(client, reverse("complaints:list"))
    assert one == fifty
    assert fifty <= 10


def test_the_detail_costs_the_same_with_few_or_many_persons(
    client, personas, log_complaint, location
):
    client.force_login(personas["coordinator"])
    small = log_complaint(
        personas["focal_b"],
        location=location,
        persons=[PersonData(roles={"survivor"}, values={"phone": "0500"})],
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
    assert queries(client, reverse("complaints:detail", args=[small.reference])) == queries(
        client, reverse("complaints:detail", args=[big.reference])
    )
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("complaints:detail", args=[big.reference]))
    assert len(captured) <= 26


def test_the_api_list_costs_the_same_with_1_or_50_complaints(client, personas, log_complaint):
    client.force_login(personas["coordinator"])
    log_complaint(personas["focal_b"])
    one = queries(client, reverse("api-complaints"))
    for _ in range(49):
        log_complaint(personas["focal_b"])
    assert queries(client, reverse("api-complaints")) == one
