"""The whole journey of issue 4 in headless Chromium: intake, screening and referral,
acknowledgement and outcome, a service provided, and the dashboard that shows it."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(chromium, live_server):
    contexts = []

    def open_as(username, width=1100):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_from_intake_to_outcome_and_service(live_server, personas, as_user, screenshot):
    # A focal point logs the complaint, with the survivor's consent to refer.
    focal = as_user("focal_b", width=390)
    focal.goto(f"{live_server.url}/complaints/new/")
    focal.get_by_label("Entry point").select_option("in_person")
    focal.get_by_label("What is it about?").select_option("sea")
    focal.get_by_label("What happened, in the complainant's words").fill(
        "A cash-for-work supervisor demanded sex."
    )
    focal.locator("#id_survivor-0-name").fill("Survivor One")
    for scope in ("Refer for investigation", "Refer for medical care"):
        focal.get_by_label(scope, exact=True).check()
    focal.locator("#id_perpetrator-0-name").fill("Supervisor")
    focal.get_by_role("button", name="Submit for screening").click()
    expect(focal.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    reference = Complaint.objects.get().reference

    # The coordinator screens it as SEA by agency A, refers it, and refers the survivor.
    coordinator = as_user("coordinator")
    coordinator.goto(f"{live_server.url}/complaints/{reference}/")
    screening = coordinator.locator("form[action$='/screen/']")
    screening.get_by_label("Classification").select_option("sea")
    screening.get_by_label("Priority").select_option("high")
    screening.get_by_label("Implicated organisation").select_option(label="AGA")
    screening.get_by_role("button", name="Save screening").click()
    coordinator.get_by_role("button", name="Refer for investigation").click()
    expect(coordinator.locator("#referrals")).to_contain_text("AGA")
    assist = coordinator.locator("form[action$='/assistance/']")
    assist.get_by_label("Service", exact=True).select_option("medical")
    assist.get_by_label("Provider", exact=True).select_option(label="HC")
    assist.get_by_label("Needs to share with the provider (only this is shared)").fill(
        "Prefers a female doctor."
    )
    assist.get_by_role("button", name="Refer for assistance").click()
    expect(coordinator.locator("#referrals")).to_contain_text("Medical care")
    screenshot(coordinator, "30-coordinator-case")

    # The investigator of agency A acknowledges and reports the outcome.
    investigator = as_user("investigator_a")
    investigator.get_by_role("link", name="Investigations").click()
    investigator.get_by_role("link", name=reference).click()
    investigator.get_by_role("button", name="Acknowledge receipt").click()
    expect(investigator.locator("[data-status]")).to_have_text("Acknowledged")
    investigator.get_by_label("Status or outcome").select_option("substantiated")
    investigator.get_by_label("Dismissal").check()
    investigator.get_by_role("button", name="Report").click()
    expect(investigator.locator("[data-status]")).to_have_text("Substantiated")
    screenshot(investigator, "31-investigator-outcome")

    # The provider sees only contact and needs, and records the service.
    provider = as_user("provider", width=390)
    provider.get_by_role("link", name="Assistance", exact=True).click()
    provider.get_by_role("link", name="Medical care").click()
    expect(provider.get_by_text("Prefers a female doctor.")).to_be_visible()
    expect(provider.get_by_text("cash-for-work")).to_have_count(0)
    provider.get_by_label("Answer").select_option("provided")
    provider.get_by_role("button", name="Record answer").click()
    expect(provider.locator("[data-status]")).to_have_text("Service provided")
    screenshot(provider, "32-provider-service")

    # The dashboard shows it all.
    coordinator.get_by_role("link", name="Dashboard").click()
    expect(coordinator.locator("[data-metric=within24]")).to_have_text("100%")
    expect(coordinator.get_by_role("cell", name="Substantiated")).to_be_visible()
    screenshot(coordinator, "33-coordinator-dashboard")
