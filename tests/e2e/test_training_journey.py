"""A coordinator plans a session, records attendance and scores, and sees the report."""

import pytest
from playwright.sync_api import expect

from trainings.models import Module

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_record_and_report(live_server, chromium, personas, agency_a, screenshot):
    Module.objects.create(title="PSEA basics", audiences=["staff"])
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, "coordinator")

    page.goto(f"{live_server.url}/trainings/reports/")
    expect(page.locator("[data-metric=reached]")).to_have_text("0")

    page.goto(f"{live_server.url}/trainings/")
    page.get_by_role("link", name="Plan a session").click()
    page.get_by_label("Module").select_option(label="PSEA basics (v1)")
    page.get_by_label("Date").fill("2026-11-10")
    page.get_by_label("Organised by").select_option(label="AGA")
    page.get_by_label("Facilitating organisation").select_option(label="AGA")
    page.get_by_label("Audience").select_option("staff")
    page.get_by_role("button", name="Save").click()
    page.get_by_label("Status").select_option("held")
    page.get_by_role("button", name="Update status").click()
    expect(page.locator("[data-status]")).to_have_text("Held")

    for name, pre, post in (("Amira K.", "40", "85"), ("Hasan Y.", "55", "75")):
        form = page.locator("form", has=page.locator("#id_p-name"))
        form.get_by_label("Name").fill(name)
        form.get_by_label("Pre-test score (%)").fill(pre)
        form.get_by_label("Post-test score (%)").fill(post)
        form.get_by_role("button", name="Add").click()
        expect(page.get_by_role("cell", name=name)).to_be_visible()
    screenshot(page, "50-training-session")

    page.goto(f"{live_server.url}/trainings/reports/")
    expect(page.locator("[data-metric=reached]")).to_have_text("2")
    expect(page.locator("[data-metric=gain]")).to_have_text("32.5 points")
    screenshot(page, "51-training-report")
    context.close()
