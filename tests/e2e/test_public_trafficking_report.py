"""Issue 14 in headless Chromium: an anonymous visitor reports trafficking on the public
form, in English on a 360 px phone and in Spanish on a desktop, answering only some of
the questions, and gets a receipt code; the coordinator then reads the answers on the
case page."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from complaints.models import Complaint

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108  (where the reviewer looks at the screenshots)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ct-public-{name}.png"), full_page=True)


@pytest.fixture
def browser_page(chromium):
    contexts = []

    def open_page(width, height, locale):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def report_trafficking(page, live_server, story, answers, name):
    page.goto(f"{live_server.url}/report/new/")
    page.locator("textarea[name=narrative]").fill(story)
    fieldset = page.locator("fieldset[data-trafficking]")
    # With JavaScript the questions show only for a trafficking report (without, always).
    expect(fieldset).to_be_hidden()
    page.locator("select[name=category]").select_option("trafficking")
    expect(fieldset).to_be_visible()
    for code in answers.get("exploitation_types", []):
        fieldset.locator(f"input[name=exploitation_types][value={code}]").check()
    if "country" in answers:
        fieldset.locator("select[name=country]").select_option(answers["country"])
    for question in ("is_child", "in_danger_now"):
        if question in answers:
            fieldset.locator(f"input[name={question}][value={answers[question]}]").check()
    shot(page, f"{name}-form")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.viewport_size["width"]
    assert width <= viewport, f"the report form is {width} px wide on a {viewport} px screen"
    page.locator("form[data-pow] button[type=submit]").click()
    receipt = page.locator("[data-receipt]")
    expect(receipt).to_be_visible(timeout=60_000)
    shot(page, f"{name}-receipt")
    return receipt.inner_text()


def test_anonymous_trafficking_reports_reach_the_coordinator_with_their_answers(
    live_server, personas, browser_page, settings
):
    settings.AMANA_PUBLIC_POW_BITS = 8  # a fast proof: the journey, not the work, is tested
    phone = browser_page(360, 740, "en-GB")
    code = report_trafficking(
        phone,
        live_server,
        "A man promised my cousin work in a restaurant; now she works without pay and "
        "cannot leave the house.",
        {"exploitation_types": ["forced_labour", "domestic_servitude"], "in_danger_now": "yes"},
        "en-phone-360",
    )
    assert len(code) == 19
    english = Complaint.objects.get()

    desktop = browser_page(1280, 900, "es-ES")
    code = report_trafficking(
        desktop,
        live_server,
        "Un hombre se llevó a una niña de la frontera y la obliga a pedir dinero.",
        {"exploitation_types": ["begging"], "is_child": "yes", "country": "COL"},
        "es-desktop",
    )
    assert len(code) == 19
    expect(desktop.locator("html")).to_have_attribute("lang", "es")
    spanish = Complaint.objects.exclude(pk=english.pk).get()
    assert spanish.trafficking.exploitation_types == ["begging"]
    assert spanish.is_child_case and spanish.need_to_know

    desktop = browser_page(1280, 900, "en-GB")
    sign_in(desktop, live_server, "coordinator")
    desktop.goto(f"{live_server.url}/complaints/{english.reference}/")
    section = desktop.locator("[data-trafficking]")
    expect(section).to_contain_text("Forced labour")
    expect(section).to_contain_text("Domestic servitude")
    expect(desktop.locator("[data-in-danger]")).to_be_visible()
    shot(desktop, "coordinator-case-page")

    phone.context.clear_cookies()
    sign_in(phone, live_server, "coordinator")
    phone.goto(f"{live_server.url}/complaints/{spanish.reference}/")
    expect(phone.locator("[data-trafficking]")).to_contain_text("Colombia")
    expect(phone.locator("[data-in-danger]")).to_have_count(0)
    shot(phone, "coordinator-case-page-phone-360")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the case page is {width} px wide on a 360 px phone"
