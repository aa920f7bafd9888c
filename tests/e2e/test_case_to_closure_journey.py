"""Issue 11's journey in headless Chromium: a child SEA case logged in person by a focal
point (360 px phone), locked at submission, consent by a caregiver, referred without the
survivor's identity, consent withdrawn, closed with feedback that the complainant reads
alone with the receipt code she was given."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

from .test_referral_journey import as_user  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_child_case_from_intake_to_closure(live_server, personas, as_user, screenshot):  # noqa: F811
    focal = as_user("focal_b", width=360)
    focal.goto(f"{live_server.url}/complaints/new/")
    focal.get_by_label("Entry point").select_option("in_person")
    focal.get_by_label("What is it about?").select_option("sea")
    focal.get_by_label("Type, if known").select_option("exploitative_relationship")
    focal.get_by_label("How does the complainant want to hear back?").select_option("receipt")
    focal.get_by_label("What happened, in the complainant's words").fill(
        "A food distributor told a 14-year-old girl he would give her family more rations."
    )
    focal.locator("#id_survivor-0-name").fill("Girl Fourteen")
    focal.locator("#id_survivor-0-age_group").select_option("12-17")
    for scope in ("Refer for medical care", "Count in statistics"):
        focal.get_by_label(scope, exact=True).check()
    focal.locator("#id_survivor-0-consent_given_by").select_option("caregiver")
    focal.locator("#id_survivor-0-consent_child_assent").select_option("yes")
    focal.locator("#id_survivor-0-caregiver_name").fill("Her Aunt")
    focal.locator("#id_perpetrator-0-name").fill("Food Distributor")
    focal.get_by_role("button", name="Submit for screening").click()
    code = focal.locator("[data-receipt]").inner_text()
    screenshot(focal, "70-receipt-in-person-phone-360")
    complaint = Complaint.objects.get()
    assert complaint.need_to_know and complaint.is_child_case

    focal.goto(f"{live_server.url}/complaints/{complaint.reference}/")  # locked: status only
    expect(focal.get_by_text("Girl Fourteen")).to_have_count(0)

    coordinator = as_user("coordinator")
    coordinator.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    screening = coordinator.locator("form[action$='/screen/']")
    screening.get_by_label("Classification").select_option("sea")
    screening.get_by_label("Priority").select_option("high")
    screening.get_by_label("Implicated organisation").select_option(label="AGA")
    screening.get_by_role("button", name="Save screening").click()
    refer = coordinator.locator("form[action$='/investigation/']")
    refer.get_by_label("Referred on").select_option("duty_to_report")
    refer.get_by_role("button", name="Refer for investigation").click()
    expect(coordinator.locator("#referrals")).to_contain_text("AGA")

    investigator = as_user("investigator_a")
    investigator.get_by_role("link", name="Investigations").click()
    investigator.get_by_role("link", name=complaint.reference).click()
    expect(investigator.get_by_text("more rations")).to_be_visible()
    expect(investigator.get_by_text("Girl Fourteen")).to_have_count(0)  # no identity
    investigator.get_by_role("button", name="Acknowledge receipt").click()
    investigator.get_by_label("Status or outcome").select_option("not_substantiated")
    investigator.get_by_role("button", name="Report").click()
    expect(investigator.locator("[data-status]")).to_have_text("Not substantiated")

    coordinator.reload()
    withdraw = coordinator.locator("form[action$='/consent/withdraw/']").first
    withdraw.get_by_label("I confirm").check()
    withdraw.get_by_role("button", name="Withdraw").click()
    expect(coordinator.get_by_text("Saved.")).to_be_visible()
    close = coordinator.locator("form[action$='/close/']")
    close.get_by_label("Why is the case closed?").select_option("unsubstantiated")
    close.get_by_label("Feedback to the complainant on the closure").fill(
        "The agency looked into it and has closed the case. Help remains open to you."
    )
    close.get_by_label("I confirm: closing ends the case and starts the retention clock.").check()
    close.get_by_role("button", name="Close the case").click()
    expect(coordinator.locator("[data-closed]")).to_contain_text("Not substantiated")
    screenshot(coordinator, "71-case-closed")

    # The complainant, on her own phone, signed in to nothing.
    page = focal.context.browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/report/follow-up/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open").click()
    expect(page.get_by_text("Help remains open to you.")).to_be_visible()
    expect(page.get_by_text("Your report has been handled")).to_be_visible()
    screenshot(page, "72-receipt-reads-closure-phone-360")
    page.close()
