"""Issue 15: screening asked again for the implicated organisation the intake already
named as the alleged perpetrator's employer."""

import pytest
from django.urls import reverse

from complaints.services import PersonData

pytestmark = pytest.mark.django_db


def test_the_implicated_organisation_is_prefilled_from_the_perpetrators_employer(
    client, personas, log_complaint, agency_b
):
    complaint = log_complaint(
        personas["focal_a"],
        persons=[
            PersonData(roles={"survivor"}, values={"name": "S"}),
            PersonData(roles={"perpetrator"}, values={"name": "P", "affiliation": agency_b}),
        ],
    )
    client.force_login(personas["coordinator"])
    page = client.get(reverse("complaints:detail", args=[complaint.reference])).content.decode()
    select = page[page.index('name="implicated_organisation"') :]
    select = select[: select.index("</select>")]
    assert f'<option value="{agency_b.pk}" selected>' in select
