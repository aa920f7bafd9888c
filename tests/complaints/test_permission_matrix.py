"""Every role x every complaint URL and API endpoint x a real complaint of agency B.

Where the role may not see the complaint the answer is 404, the same as for a reference
that does not exist. 403 appears only where the role may read but not act.

The complaint is an SEA allegation logged by focal point B: locked to need-to-know roles
from submission, so its author sees its status only (403 on its content) and the other
focal point of agency B ("focal_b2") nothing at all.
"""

import re

import pytest
from django.urls import reverse

from complaints import services
from core.factories import UserFactory
from core.roles import Role

from . import files

pytestmark = pytest.mark.django_db

PNG = files.PNG  # a real one: a photo is decoded in full when it is received

GET_URLS = ["detail", "submitted", "edit", "attachment", "api-detail"]
POST_URLS = ["screen", "forward", "feedback", "recuse", "consent", "consent-withdraw"]

# persona -> may know the complaint exists; the author of a locked intake sees status only
SEES = {"focal_b": True, "coordinator": True}
STATUS_ONLY = {"focal_b": {"attachment": 403}}
PERSONAS = [
    "focal_a",
    "focal_b",
    "focal_b2",
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
    colleague = UserFactory(
        username="focal_b2", organisation=personas["focal_b"].organisation, roles=[Role.FOCAL_POINT]
    )
    return {**personas, "recused": recused, "focal_b2": colleague, None: None}


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
        expected = STATUS_ONLY.get(persona, {}).get(name, 302 if name == "edit" else 200)
        assert real.status_code == expected
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
        assert response.status_code == 403  # knows it exists; a locked intake is not theirs
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


def test_from_submission_the_focal_point_who_logged_an_sea_case_sees_status_only(
    client, cast, case
):
    complaint, attachment = case
    client.force_login(cast["focal_b"])
    page = client.get(url("detail", complaint.reference)).content.decode()
    assert complaint.reference in page
    assert "canary" not in page.lower()
    services.complaint_screen(
        actor=cast["coordinator"], complaint=complaint, classification="sea", priority="high",
        implicated_organisation=None, implicated_unknown=True,
    )  # fmt: skip
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


@pytest.mark.parametrize(
    ("fields", "locked"),
    [
        ({"category": "other_misconduct", "subcategory": "fraud"}, False),
        ({"category": "programme_feedback", "subcategory": ""}, False),
        ({"category": "trafficking", "subcategory": ""}, True),
        ({"category": "other_misconduct", "subcategory": "fraud", "is_child_case": True}, True),
        ({"category": "sea", "subcategory": "sex_with_minor"}, True),
    ],
)
def test_an_intake_is_locked_at_submission_when_sea_trafficking_or_a_child(
    client, cast, log_complaint, fields, locked
):
    from .conftest import intake_data

    data = intake_data(**fields)
    if fields["category"] == "trafficking":
        data.trafficking = {"exploitation_types": ["forced_labour"]}
    complaint = services.complaint_intake(actor=cast["focal_b"], data=data, submit=True)
    assert complaint.need_to_know == locked
    client.force_login(cast["focal_b2"])
    response = client.get(url("detail", complaint.reference))
    listed = complaint.reference in client.get(reverse("complaints:list")).content.decode()
    assert (response.status_code, listed) == ((404, False) if locked else (200, True))
    if not locked:
        assert "canary-distributor" in response.content.decode()  # the intake in full


def test_screening_lifts_or_sets_the_lock_and_says_so_in_the_audit_trail(cast, case):
    from core.models import AuditEvent

    complaint, _attachment = case
    organisation = cast["focal_b"].organisation
    services.complaint_screen(
        actor=cast["coordinator"], complaint=complaint, classification="programme_feedback",
        priority="low", implicated_organisation=organisation,
    )  # fmt: skip
    assert not complaint.need_to_know
    services.complaint_screen(
        actor=cast["coordinator"], complaint=complaint, classification="possible_sea",
        priority="high", implicated_organisation=organisation,
    )  # fmt: skip
    assert complaint.need_to_know
    locks = AuditEvent.objects.filter(action="complaint.screen").order_by("at", "id")
    assert [event.detail["lock"] for event in locks] == ["lifted", "set"]
