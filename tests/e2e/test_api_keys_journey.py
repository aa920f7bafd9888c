"""Issue 12, point 3 in the browser (360 px phone): a focal point issues an API key for
her hotline tool, sees it once, the tool logs a complaint with it; the coordinator sees
whom the key acts as and revokes it, and the tool is refused at once."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = {
    "entry_point": "hotline",
    "category": "sea",
    "narrative": "Told on the hotline.",
    "persons": [{"roles": ["survivor"], "age_group": "26-59", "sex": "female"}],
}


def call(live_server, key, path, payload=None):
    request = urllib.request.Request(  # noqa: S310 (the test server, over http)
        f"{live_server.url}{path}",
        data=json.dumps(payload).encode() if payload is not None else None,
        headers={"Authorization": f"Api-Key {key}", "Content-Type": "application/json"},
        method="POST" if payload is not None else "GET",
    )
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_key_is_issued_once_used_by_a_tool_and_revoked_by_the_coordinator(
    live_server, personas, chromium, screenshot
):
    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
    phone = context.new_page()
    sign_in(phone, live_server, "focal_a")
    phone.goto(f"{live_server.url}/accounts/keys/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your API keys")
    phone.get_by_label("What it is for").fill("Hotline tool")
    phone.get_by_label("Scope").select_option("intake")
    phone.get_by_label("Valid for").select_option("90")
    phone.get_by_role("button", name="Issue", exact=True).click()
    key = phone.locator("[data-api-key]").inner_text().strip()
    assert key.startswith("amk_")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "api-keys-01-issued-phone")
    phone.goto(f"{live_server.url}/accounts/keys/")
    expect(phone.locator("[data-api-key]")).to_have_count(0)  # shown once
    expect(phone.get_by_role("cell", name="Hotline tool")).to_be_visible()
    context.close()

    assert call(live_server, key, "/api/v1/complaints/", PAYLOAD) == 201
    assert Complaint.objects.get().received_by == personas["focal_a"]
    assert call(live_server, key, "/api/v1/complaints/") == 403  # intake only

    context = chromium.new_context(viewport={"width": 360, "height": 780}, locale="en-GB")
    desk = context.new_page()
    sign_in(desk, live_server, "coordinator")
    desk.goto(f"{live_server.url}/stats/keys/")
    row = desk.get_by_role("row").filter(has_text="Hotline tool")
    expect(row).to_contain_text("focal_a")
    screenshot(desk, "api-keys-02-coordinator-phone")
    row.get_by_role("button", name="Revoke").click()
    expect(desk.get_by_role("row").filter(has_text="Hotline tool")).to_contain_text("revoked")
    context.close()

    assert call(live_server, key, "/api/v1/complaints/", PAYLOAD) == 401
