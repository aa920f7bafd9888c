"""Issue 14 point 1 in headless Chromium: a counter-trafficking officer registers a
victim with several purposes and means of control, on a 360 px phone and on a desktop,
in English and in Spanish, and reads the record back."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.factories import OrganisationFactory, UserFactory
from core.roles import Role
from trafficking.models import Victim

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "shots"  # /tmp/shots


@pytest.fixture
def officer(db):
    organisation = OrganisationFactory(name="Global Aid International", acronym="GAI")
    return UserFactory(
        username="ct_officer", organisation=organisation, roles=[Role.COUNTER_TRAFFICKING]
    )


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _open(chromium, live_server, width, language="en"):
    context = chromium.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, "ct_officer")
    if language != "en":  # the footer's language form, as a person would
        page.goto(f"{live_server.url}/trafficking/")
        page.locator("#language").select_option(language)
        page.locator("form.language button[type=submit]").click()
    return context, page


def _register(page, live_server, name):
    page.goto(f"{live_server.url}/trafficking/new/")
    page.locator("#id_name").fill(name)
    page.locator("#id_gender").select_option("female")
    page.locator("#id_age_band").select_option("21--23")
    for field, values in {
        "acts": ["recruitment", "transportation"],
        "means": ["deception"],
        "purposes": ["sexual", "forced_labour"],
        "labour_sectors": ["agriculture"],
        "sexual_exploitation_types": ["prostitution"],
        "means_of_control": ["debt_bondage", "false_promises", "withholds_necessities"],
        "recruiter_relations": ["friend", "other"],
    }.items():
        for value in values:
            page.locator(f"input[name={field}][value={value}]").check()
    page.locator("#id_citizenship").select_option(["SYR"])
    page.locator("#id_exploitation_countries").select_option(["DEU", "NGA"])
    page.locator("#id_exploitation_began").fill("2022-06-15")
    page.locator("#id_exploitation_began_precision").select_option("year")
    page.locator("form[data-victim-form] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/trafficking/VT-[A-Z0-9-]+/$"))
    expect(page.locator("h1")).to_have_text(Victim.objects.latest("created_at").reference)


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop")])
def test_register_and_read_back_in_english(chromium, live_server, officer, width, label):
    context, page = _open(chromium, live_server, width)
    page.goto(f"{live_server.url}/trafficking/new/")
    _shot(page, f"registry-form-{label}-en")
    # Nothing wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _register(page, live_server, "Layla Canary")
    palermo = page.locator("[data-palermo]")
    for text in (
        "Sexual exploitation", "Forced labour or services", "Recruitment", "Transportation",
        "Deception or false promises", "Debt bondage", "False promises",
        "Denial of basic needs", "Friend or acquaintance", "Agriculture", "Prostitution",
        "Germany", "Nigeria", "2022",
    ):  # fmt: skip
        expect(palermo).to_contain_text(text)
    expect(page.locator("body")).to_contain_text("Layla Canary")
    expect(page.locator("body")).to_contain_text("Syria")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    _shot(page, f"registry-detail-{label}-en")
    page.goto(f"{live_server.url}/trafficking/")
    expect(page.locator("[data-victims]")).to_contain_text(Victim.objects.get().reference)
    _shot(page, f"registry-list-{label}-en")
    context.close()


@pytest.mark.parametrize(("width", "label"), [(360, "phone"), (1280, "desktop")])
def test_register_and_read_back_in_spanish(chromium, live_server, officer, width, label):
    context, page = _open(chromium, live_server, width, "es")
    _register(page, live_server, "Layla Canaria")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    palermo = page.locator("[data-palermo]")
    expect(palermo).to_contain_text("Alemania")
    expect(palermo).to_contain_text("Nigeria")
    expect(page.locator("body")).to_contain_text("Layla Canaria")
    _shot(page, f"registry-detail-{label}-es")
    context.close()


def test_the_record_reads_right_to_left_in_arabic_on_a_phone(chromium, live_server, officer):
    context, page = _open(chromium, live_server, 360)
    _register(page, live_server, "ليلى")
    page.locator("#language").select_option("ar")
    page.locator("form.language button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("[data-palermo]")).to_contain_text("ألمانيا")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, "registry-detail-phone-ar")
    context.close()
