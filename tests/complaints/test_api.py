"""Intake over REST: the same validation, permissions and audit as the form."""

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from complaints.models import Complaint
from core import apikeys
from core.models import ApiKey, AuditEvent

from .conftest import CANARY_NAME, CANARY_PHONE, CANARY_STORY

pytestmark = pytest.mark.django_db

LIST = reverse("api-complaints")

PAYLOAD = {
    "entry_point": "hotline",
    "category": "sea",
    "subcategory": "solicitation",
    "narrative": CANARY_STORY,
    "feedback_channel": "phone",
    "persons": [
        {"roles": ["survivor", "complainant"], "name": CANARY_NAME, "phone": CANARY_PHONE,
         "age_group": "26-59", "sex": "female", "consents": ["investigation", "statistics"]},
        {"roles": ["perpetrator"], "name": "Perp Name", "affiliation": "AGB", "personnel_category": "un_staff"},
    ],
}  # fmt: skip


@pytest.fixture
def api(personas):
    """An integration: an API key focal_a issued for their hotline tool."""
    client = APIClient()
    _key, raw = apikeys.integration_key_create(
        actor=personas["focal_a"], name="Hotline tool", scope=ApiKey.Scope.CASES, days=90
    )
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def test_an_integration_logs_a_complaint_with_an_api_key(api, personas):
    response = api.post(LIST, PAYLOAD, format="json")
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get(reference=response.json()["reference"])
    assert complaint.source == Complaint.Source.API
    assert complaint.receiving_organisation.acronym == "AGA"
    assert complaint.persons.get(is_perpetrator=True).affiliation.acronym == "AGB"
    assert AuditEvent.objects.filter(action="complaint.submit", actor=personas["focal_a"]).exists()


def test_the_same_submission_key_is_answered_with_the_first_complaint(api):
    payload = {**PAYLOAD, "submission_key": str(uuid.uuid4())}
    first = api.post(LIST, payload, format="json")
    second = api.post(LIST, payload, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["reference"] == second.json()["reference"]
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"entry_point": "pigeon"}, "entry_point"),
        ({"incident_date": "2026-13-45"}, "incident_date"),
        ({"persons": [{"roles": ["boss"]}]}, "persons"),
        ({"persons": [{"roles": ["perpetrator"], "affiliation": "NOPE"}]}, "persons"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, change, field):
    response = api.post(LIST, {**PAYLOAD, **change}, format="json")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert field in body["fields"]
    assert Complaint.objects.count() == 0


def test_a_rule_spanning_fields_is_a_400_with_its_message(api):
    response = api.post(LIST, {**PAYLOAD, "narrative": ""}, format="json")
    assert response.status_code == 400
    assert "Describe what happened" in str(response.json())


def test_roles_that_do_not_log_complaints_get_404(personas):
    client = APIClient()
    client.force_authenticate(personas["analyst"])
    assert client.post(LIST, PAYLOAD, format="json").status_code == 404


def test_detail_shows_identity_only_to_who_may_see_it_and_is_audited(api, personas):
    payload = {**PAYLOAD, "category": "other_misconduct", "subcategory": "fraud"}
    reference = api.post(LIST, payload, format="json").json()["reference"]
    detail = api.get(reverse("api-complaint", args=[reference])).json()
    assert detail["narrative"] == CANARY_STORY
    assert {p["name"] for p in detail["persons"]} == {CANARY_NAME, "Perp Name"}
    assert AuditEvent.objects.filter(action="complaint.view", actor=personas["focal_a"]).exists()


def test_an_sea_intake_is_locked_from_submission_even_for_who_logged_it(api):
    reference = api.post(LIST, PAYLOAD, format="json").json()["reference"]
    detail = api.get(reverse("api-complaint", args=[reference])).json()
    assert detail["status"] == "received"
    assert "narrative" not in detail
    assert "persons" not in detail


def test_the_openapi_schema_is_published(client, personas):
    client.force_login(personas["coordinator"])
    response = client.get(reverse("api-schema"))
    assert response.status_code == 200
    assert b"/api/v1/complaints/" in response.content


def test_the_api_back_dates_a_complaint_and_refuses_a_future_one(api):
    from datetime import timedelta

    from django.utils import timezone

    day = timezone.localdate() - timedelta(days=2)
    reference = api.post(LIST, {**PAYLOAD, "received_on": day.isoformat()}, format="json").json()[
        "reference"
    ]
    assert Complaint.objects.get(reference=reference).received_at.date() in (
        day,
        day + timedelta(days=1),
        day - timedelta(days=1),
    )
    response = api.post(LIST, {**PAYLOAD, "received_on": "2999-01-01"}, format="json")
    assert response.status_code == 400
    assert "in the future" in str(response.json())
