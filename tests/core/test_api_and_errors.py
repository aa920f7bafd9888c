"""The API's error contract, and error pages that reveal nothing."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_api_says_who_i_am(client, personas):
    client.force_login(personas["investigator_a"])
    response = client.get(reverse("api-me"))
    assert response.status_code == 200
    assert response.json() == {
        "username": "investigator_a",
        "organisation": {"acronym": "AGA", "name": "Agency A", "type": "un_agency"},
        "roles": ["investigator"],
    }


def test_the_api_refuses_anonymous_callers_in_the_contract_shape(client):
    response = client.get(reverse("api-me"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_an_unknown_api_address_is_a_plain_404(client, personas):
    client.force_login(personas["coordinator"])
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404


def test_an_application_error_is_one_clear_message_on_a_page(client, personas):
    client.force_login(personas["coordinator"])
    response = client.get(reverse("test-refuse"))
    assert response.status_code == 409
    page = response.content.decode()
    assert "This referral can no longer be withdrawn." in page
    assert 'data-code="deadline_passed"' in page


def test_the_404_page_gives_no_hint(client, personas):
    client.force_login(personas["coordinator"])
    response = client.get("/complaints/PSEA-2026-0001/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "PSEA-2026-0001" not in page.replace('value="/complaints/PSEA-2026-0001/"', "")
    assert "Traceback" not in page


def test_pages_forbid_third_party_resources_and_framing(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert "http" not in response.content.decode().split("<body")[0].replace("http-equiv", "")


def test_an_application_error_reads_the_same_in_json_as_on_the_page(client, personas):
    client.force_login(personas["coordinator"])
    page = client.get(reverse("test-refuse"))
    api = client.get(reverse("test-refuse-api"))
    assert api.status_code == page.status_code == 409
    assert api.json() == {
        "error": {"code": "deadline_passed", "message": "This referral can no longer be withdrawn."}
    }
    assert 'data-code="deadline_passed"' in page.content.decode()


def test_a_services_field_error_keeps_its_field_name_in_json(client, personas):
    client.force_login(personas["coordinator"])
    response = client.get(reverse("test-refuse-api"), {"field": 1})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"narrative": ["Describe what happened before submitting."]}


def test_a_service_refusal_through_the_api_is_its_code_and_message(client, personas):
    """The intake API lets the service's errors through the one handler, unconverted."""
    client.force_login(personas["focal_a"])
    body = {
        "entry_point": "hotline",
        "category": "sea",
        "narrative": "Something happened.",
        "incident_date_precision": "unknown",
        "persons": [],
        "submit": True,
    }
    response = client.post(reverse("api-complaints"), body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {
        "non_field_errors": ["Add at least one survivor (details may be unknown)."]
    }


def test_application_errors_are_validation_errors_with_a_stable_code():
    from django.core.exceptions import ValidationError

    from core.errors import ApplicationError

    error = ApplicationError("referral.closed", "This referral is closed.", status=409)
    assert isinstance(error, ValidationError)  # a form shows it like any other message
    assert (error.code, error.messages, error.status) == (
        "referral.closed",
        ["This referral is closed."],
        409,
    )


def test_a_refusal_after_a_form_post_shows_its_code_with_its_message(client, personas):
    """The case page's small forms post, redirect and show the service's refusal as a
    message: with the same code the API would give."""
    from complaints import services
    from tests.complaints.conftest import intake_data

    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=True
    )
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("complaints:recuse", args=[complaint.reference]),
        {"user": personas["coordinator"].pk, "confirm": "on"},
        follow=True,
    )
    page = response.content.decode()
    assert 'data-code="recusal.self"' in page
    assert "Ask another coordinator to recuse you." in page
