"""Separation of duties in the browser (360 px phone): an administrator's grant of a case
role waits; a coordinator approves it on their phone, with the tick box the server checks."""

import re

import pytest
from playwright.sync_api import expect

from core import services
from core.factories import UserFactory
from core.models import User

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_approves_a_new_investigator_on_a_phone(
    live_server, personas, chromium, screenshot
):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    newcomer = UserFactory(
        username="newcomer", first_name="Nadia", organisation=personas["focal_a"].organisation
    )
    newcomer.is_investigator = True
    services.user_save(actor=personas["admin"], user=newcomer, changed=["is_investigator"])

    sign_in(page, live_server, "coordinator")
    page.get_by_role("link", name="Account requests", exact=True).click()
    card = page.locator("[data-request]")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("newcomer")
    expect(card).to_contain_text("Investigator")
    expect(card).to_contain_text("never")  # has not signed in yet
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "07-account-requests-phone")

    card.get_by_label("Approve").check()
    card.get_by_role("button", name="Record the decision").click()  # no tick: refused
    expect(page.get_by_role("status")).to_contain_text("Tick the box to confirm.")
    assert not User.objects.get(username="newcomer").is_investigator

    card = page.locator("[data-request]")
    card.get_by_label("Approve").check()
    card.get_by_label("I confirm: I know who this account is for.").check()
    card.get_by_role("button", name="Record the decision").click()
    # The set-up code for the newcomer, for the coordinator to hand over: shown once.
    expect(page.locator("[data-handover-code]")).to_have_text(re.compile(r"^\w{4}-\w{4}-\w{4}$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "08-hand-over-code-phone")
    page.get_by_role("link", name="I have noted it: back to the requests").click()
    expect(page.get_by_text("No request is waiting.")).to_be_visible()
    assert User.objects.get(username="newcomer").is_investigator
    context.close()
