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
