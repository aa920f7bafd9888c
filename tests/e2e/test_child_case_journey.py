"""Issue 11 so far, in headless Chromium on a 360 px phone: a child SEA case logged by a
focal point is locked at submission; the coordinator cannot take the child's consent
alone, records a best-interests determination and a consent standing on it; the
provider's access ends when that consent is withdrawn."""

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint, Consent
from referrals import services as referral_services

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def small_phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


def test_a_child_case_is_locked_and_consent_stands_on_a_best_interests_determination(
    live_server, personas, small_phone, screenshot, provider_org
):
    page = small_phone
    sign_in(page, live_server, "focal_a")
    page.get_by_role("link", name="Log a complaint").first.click()
    page.get_by_label("Entry point").select_option("in_person")
    page.get_by_label("What is it about?").select_option("sea")
    page.get_by_label("Type, if known").select_option("sex_with_minor")
    page.get_by_label("What happened, in the complainant's words").fill(
        "A girl of about nine was taken to a distribution worker's room."
    )
    page.locator("#id_survivor-0-name").fill("Little Sister")
    page.locator("#id_survivor-0-age_group").select_option("0-11")
    page.locator("#id_perpetrator-0-name").fill("Distribution Worker")
    page.get_by_role("button", name="Submit for screening").click()
    expect(page.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    complaint = Complaint.objects.get()
    assert complaint.need_to_know and complaint.is_child_case

    # Locked from submission: the focal point who logged it sees its status only.
    page.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    expect(page.get_by_text("Little Sister")).to_have_count(0)
    expect(page.get_by_text("distribution worker's room")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    consent_form = page.locator("form[action$='/consent/']").first
    consent_form.locator("select[name=scope]").select_option("medical")
    consent_form.locator("select[name=given_by]").select_option("survivor")
    consent_form.get_by_role("button", name="Record consent").click()
    expect(page.locator("[data-code='consent.child_alone']")).to_be_visible()
    screenshot(page, "60-child-consent-refused-phone-360")

    determination = page.locator("form[action$='/best-interests/']").first
    determination.locator("select[name=reason]").select_option("no_caregiver")
    determination.locator("textarea[name=notes]").fill(
        "No caregiver can be reached; the child-protection officer and I met the child."
    )
    determination.get_by_role("button", name="Record the determination").click()
    consent_form = page.locator("form[action$='/consent/']").first
    consent_form.locator("select[name=scope]").select_option("medical")
    consent_form.locator("select[name=given_by]").select_option("best_interests")
    consent_form.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    screenshot(page, "61-child-best-interests-phone-360")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the case page is {width} px wide on a 360 px phone"
    consent = Consent.objects.get(complaint=complaint, scope="medical", withdrawn_at=None)
    assert consent.given_by == "best_interests"

    survivor = complaint.persons.get(is_survivor=True)
    referral = referral_services.assistance_refer(
        actor=personas["coordinator"], complaint=complaint, survivor=survivor,
        service="medical", provider=provider_org, needs="Urgent paediatric care.",
    )  # fmt: skip
    withdraw = page.locator("form[action$='/consent/withdraw/']").first
    withdraw.get_by_role("button", name="Withdraw").click()  # not confirmed: not sent
    assert Consent.objects.filter(complaint=complaint, scope="medical", withdrawn_at=None)
    withdraw.get_by_label("I confirm").check()
    withdraw.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, live_server, "provider")
    response = page.goto(f"{live_server.url}/referrals/assistance/{referral.pk}/")
    assert response.status == 404
