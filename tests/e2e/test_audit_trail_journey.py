"""An auditor on a 360 px phone: opens the audit trail from the menu, finds who read a
case by its reference, and exports that as CSV; the page fits the phone."""

import pytest
from playwright.sync_api import expect

from complaints import services
from core.factories import UserFactory
from core.roles import Role
from tests.complaints.conftest import intake_data

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_phone(chromium):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="en-GB", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_an_auditor_finds_who_read_a_case_and_exports_it(
    live_server, personas, small_phone, screenshot
):
    complaint = services.complaint_intake(
        actor=personas["focal_a"], data=intake_data(), submit=True
    )
    services.complaint_record_view(
        actor=personas["coordinator"], complaint=complaint, identity=True, role="coordinator"
    )
    UserFactory(username="auditor", organisation=personas["focal_b"].organisation,
                roles=[Role.AUDITOR])  # fmt: skip
    page = small_phone
    sign_in(page, live_server, "auditor")
    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()

    page.get_by_label("Case reference").fill(complaint.reference)
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.audit tbody tr")
    expect(rows).to_have_count(2)  # submitted by the focal point, read by the coordinator
    expect(rows.first).to_contain_text("complaint.view")
    expect(rows.first).to_contain_text("coordinator · Coordinator · AGA")
    screenshot(page, "80-audit-trail-phone-360")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the audit trail is {width} px wide on a 360 px phone"

    with page.expect_download() as download:
        page.get_by_role("link", name="Export (CSV)").click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()  # noqa: SIM115
    assert lines[0].startswith("When (UTC),Account id,Account,Role")
    assert len(lines) == 3 and all(complaint.reference in line for line in lines[1:])
