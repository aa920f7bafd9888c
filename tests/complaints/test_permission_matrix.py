"""Every role x every complaint URL and API endpoint x a real complaint of agency B.

Where the role may not see the complaint the answer is 404, the same as for a reference
that does not exist. 403 appears only where the role may read but not act.
"""

import re

import pytest
from django.urls import reverse

from complaints import services
from core.factories import UserFactory
from core.roles import Role

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

GET_URLS = ["detail", "submitted", "edit", "attachment", "api-detail"]
POST_URLS = ["screen", "forward", "feedback", "recuse", "consent", "consent-withdraw"]

# persona -> expected status per URL ("see" = may see it)
SEES = {"focal_b": True, "coordinator": True}
PERSONAS = [
    "focal_a",
    "focal_b",
    "coordinator",
    "investigator_a",
    "provider",
    "analyst",
    "admin",
    "recused",
    None,
]


@pytest.fixture
def cast(personas, agency_a):
    recused = UserFactory(username="coordinator2", organisation=agency_a, roles=[Role.COORDINATOR])
    return {**personas, "recused": recused, None: None}


@pytest.fixture
def case(cast, complaint_b):
    from complaints.models import Attachment

    services._attachment_add(
        actor=cast["focal_b"],
        complaint=complaint_b,
        content=PNG,
        content_type="image/png",
        original_name="x.png",
    )
    services.complaint_recuse(
        actor=cast["coordinator"], complaint=complaint_b, user=cast["recused"]
    )
    return complaint_b, Attachment.objects.get(complaint=complaint_b)


def url(name, reference, attachment_id=None):
    if name == "attachment":
        return reverse("complaints:attachment", args=[reference, attachment_id])
    if name == "api-detail":
        return reverse("api-complaint", args=[reference])
    return reverse(f"complaints:{name}", args=[reference])


def body(response) -> str:
    return re.sub(
        r'name="(csrfmiddlewaretoken|next)" value="[^"]+"',
        "",
        response.content.decode(errors="replace"),
    )


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", GET_URLS)
def test_reading_a_complaint_of_agency_b(client, cast, case, persona, name):
    complaint, attachment = case
    client = as_user(client, cast[persona])
    real = client.get(url(name, complaint.reference, attachment.pk))
    fake = client.get(url(name, "AM-ZZZZ-ZZZZ", attachment.pk))
    if persona is None:
        assert real.status_code in (302, 401)  # sign in first, the same for every address
        assert real.status_code == fake.status_code
        return
    if SEES.get(persona):
        # "edit" of a submitted complaint sends those who see it to its summary
        assert real.status_code == (302 if name == "edit" else 200)
    else:
        assert real.status_code == 404
        assert body(real) == body(fake)
        assert complaint.reference not in body(real)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", POST_URLS)
def test_acting_on_a_complaint_of_agency_b(client, cast, case, persona, name):
    complaint, _attachment = case
    client = as_user(client, cast[persona])
    response = client.post(url(name, complaint.reference), {})
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    elif persona == "coordinator":
        assert response.status_code == 302  # back to the case, with the form's messages
    elif persona == "focal_b":
        expected = 302 if name.startswith("consent") else 403  # consent on an open intake
        assert response.status_code == expected
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_a_complaint_only_to_those_who_may_see_it(client, cast, case, persona):
    complaint, _attachment = case
    client = as_user(client, cast[persona])
    for address in (reverse("complaints:list"), reverse("api-complaints")):
        response = client.get(address)
        listed = complaint.reference in response.content.decode()
        assert listed == bool(SEES.get(persona)), address


def test_once_classified_as_sea_the_receiving_focal_point_sees_status_only(client, cast, case):
    complaint, attachment = case
    services.complaint_screen(
        actor=cast["coordinator"], complaint=complaint, classification="sea", priority="high",
        implicated_organisation=None, implicated_unknown=True,
    )  # fmt: skip
    client.force_login(cast["focal_b"])
    page = client.get(url("detail", complaint.reference)).content.decode()
    assert complaint.reference in page
    assert "Screened" in page
    assert "canary" not in page.lower()
    assert client.get(url("attachment", complaint.reference, attachment.pk)).status_code == 403
    api = client.get(url("api-detail", complaint.reference)).json()
    assert "narrative" not in api
    assert "persons" not in api


def test_an_investigator_with_a_grant_sees_content_but_identity_only_with_consent(
    client, cast, case
):
    from guardian.shortcuts import assign_perm

    complaint, _attachment = case
    investigator = cast["investigator_a"]
    assign_perm("complaints.view_case", investigator, complaint)
    client.force_login(investigator)
    page = client.get(url("detail", complaint.reference)).content.decode()
    assert "canary-distributor" in page
    assert "Zubeyde" not in page  # no consent to share identity
    survivor = complaint.persons.get(is_survivor=True)
    services.consent_record(
        actor=cast["coordinator"], complaint=complaint, survivor=survivor, scope="share_identity",
        given=True, given_by="survivor",
    )  # fmt: skip
    assert "Zubeyde" in client.get(url("detail", complaint.reference)).content.decode()


def test_a_draft_is_seen_by_its_author_alone(client, cast, log_complaint):
    draft = log_complaint(cast["focal_b"], submit=False)
    for persona in ("coordinator", "focal_a"):
        client.force_login(cast[persona])
        assert client.get(reverse("complaints:edit", args=[draft.reference])).status_code == 404
    client.force_login(cast["focal_b"])
    assert client.get(reverse("complaints:edit", args=[draft.reference])).status_code == 200
