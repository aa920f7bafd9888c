"""Who may list, read, change and fetch a victim record over the API: a matrix of
persona x action x own/other organisation. Anything not theirs answers 404, never 403
(except "may read, may not change": assign by a counter-trafficking officer)."""

import pytest
from django.urls import reverse

from core.factories import UserFactory
from core.roles import Role

from .conftest import AssistancePlanFactory, PlanServiceFactory, VictimFactory

pytestmark = pytest.mark.django_db

# persona -> (list page, detail of A's record, edit of A's record, API detail of A's record)
MATRIX = {
    "coordinator": (200, 200, 200, 200),
    "ct_a": (200, 200, 200, 200),  # own organisation
    "ct_b": (200, 404, 404, 404),  # other organisation
    "focal_a": (404, 404, 404, 404),
    "investigator_a": (404, 404, 404, 404),
    "provider": (404, 404, 404, 404),  # no service referred to them
    "provider_consented": (404, 404, 404, 404),  # their page is the provider inbox
    "analyst": (404, 404, 404, 404),
    "admin": (404, 404, 404, 404),
    "auditor": (404, 404, 404, 404),
}


@pytest.fixture
def world(ct_personas, agency_a, provider_org):
    victim = VictimFactory(organisation=agency_a, name="Zubeyde Canarywoman")
    consented = UserFactory(
        username="provider_consented", organisation=provider_org, roles=[Role.SERVICE_PROVIDER]
    )
    plan = AssistancePlanFactory(victim=victim)
    PlanServiceFactory(plan=plan, provider=provider_org, referred=True)
    return {**ct_personas, "provider_consented": consented}, victim


@pytest.mark.parametrize("persona", list(MATRIX))
def test_matrix(world, client, persona):
    users, victim = world
    client.force_login(users[persona])
    list_status, detail_status, edit_status, api_status = MATRIX[persona]
    response = client.get(reverse("trafficking:victims"))
    assert response.status_code == list_status
    if list_status == 200:
        assert (victim.reference in response.text) == (detail_status == 200)
    detail = client.get(reverse("trafficking:victim", args=[victim.reference]))
    assert detail.status_code == detail_status
    assert ("Zubeyde Canarywoman" in detail.text) == (detail_status == 200)
    edit = client.get(reverse("trafficking:victim-edit", args=[victim.reference]))
    assert edit.status_code == edit_status
    api = client.get(f"/api/v1/victims/{victim.reference}/")
    assert api.status_code == api_status
    assert ("Zubeyde" in api.content.decode()) == (api_status == 200)
    api_list = client.get("/api/v1/victims/")
    assert api_list.status_code == list_status
    patch = client.patch(
        f"/api/v1/victims/{victim.reference}/", {"gender": "male"}, content_type="application/json"
    )
    assert patch.status_code == edit_status
    posted = client.post(
        reverse("trafficking:victim-identify", args=[victim.reference]), {"identified_on": "x"}
    )
    assert posted.status_code == (302 if edit_status == 200 else 404)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", 302), ("ct_a", 403), ("ct_b", 404), ("focal_a", 404), ("provider", 404)],
)
def test_assign(world, client, agency_b, persona, expected):
    users, victim = world
    client.force_login(users[persona])
    response = client.post(
        reverse("trafficking:victim-assign", args=[victim.reference]), {"organisation": agency_b.pk}
    )
    assert response.status_code == expected


def test_anonymous_is_sent_to_sign_in_and_the_api_answers_401_or_403(world, client):
    _users, victim = world
    for url in (
        reverse("trafficking:victims"),
        reverse("trafficking:victim", args=[victim.reference]),
        reverse("trafficking:victim-new"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.url
    assert client.get(f"/api/v1/victims/{victim.reference}/").status_code in (401, 403)


def test_an_unknown_reference_answers_like_anothers_record(world, client):
    users, victim = world
    client.force_login(users["ct_b"])
    unknown = client.get(reverse("trafficking:victim", args=["VT-ZZZZ-ZZZZ"]))
    other = client.get(reverse("trafficking:victim", args=[victim.reference]))
    assert unknown.status_code == other.status_code == 404


def test_record_opened_before_assignment_is_its_authors(ct_a, ct_b, client):
    victim = VictimFactory(organisation=None, created_by=ct_a)
    client.force_login(ct_a)
    assert client.get(reverse("trafficking:victim", args=[victim.reference])).status_code == 200
    client.force_login(ct_b)
    assert client.get(reverse("trafficking:victim", args=[victim.reference])).status_code == 404


def test_only_registry_users_register(world, client):
    users, _victim = world
    for persona in ("focal_a", "investigator_a", "provider", "analyst", "admin", "auditor"):
        client.force_login(users[persona])
        assert client.get(reverse("trafficking:victim-new")).status_code == 404
        assert (
            client.post("/api/v1/victims/", {}, content_type="application/json").status_code == 404
        )
