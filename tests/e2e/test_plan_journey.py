"""The assistance plan in headless Chromium (issue 14, point 2): a counter-trafficking
officer opens a victim's plan, adds shelter and documents with the person's consent,
refers shelter to its provider and the person to the national anti-trafficking
commission (with consent, confirmed by the tick box); the provider reads the service:
the person's name, phone and needs, nothing else. In English and Spanish, on a 360 px
phone and on a desktop. Elements are found by their form's address and field names,
so the same steps run in every language."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.factories import OrganisationFactory, UserFactory
from core.models import Organisation
from core.roles import Role
from trafficking.models import NrmReferral, PlanService

from ..trafficking.conftest import VictimFactory
from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108  (where the team collects screenshots)


@pytest.fixture
def victim(agency_a):
    UserFactory(username="ct_a", organisation=agency_a, roles=[Role.COUNTER_TRAFFICKING])
    OrganisationFactory(
        name="National Anti-Trafficking Commission", acronym="NATC",
        type=Organisation.Type.GOVERNMENT,
    )  # fmt: skip
    return VictimFactory(organisation=agency_a)


@pytest.fixture
def open_as(chromium, live_server):
    contexts = []

    def open_as(username, width, language):
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server, username)  # the helper reads the English sign-in page
        # Then the language chosen (the cookie Django's language switch sets).
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        return page

    yield open_as
    for context in contexts:
        context.close()


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1


@pytest.mark.parametrize(
    "language,width", [("en", 360), ("es", 360), ("en", 1280), ("es", 1280), ("ar", 360)]
)
def test_plan_services_and_nrm_referral(live_server, personas, victim, open_as, language, width):
    tag = f"{language}-{width}"
    officer = open_as("ct_a", width, language)
    officer.goto(f"{live_server.url}/trafficking/{victim.reference}/")
    expect(officer.locator("html")).to_have_attribute("lang", language)
    expect(officer.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")

    # Open the plan.
    opening = officer.locator("form[action$='/plan/open/']")
    opening.locator("[name=needs_assessment]").fill("Safe shelter; new identity papers.")
    opening.locator("button[type=submit]").click()
    expect(officer.locator("[data-plan-status]")).to_be_visible()

    # Add shelter (with the provider) and documents.
    for service, needs in (("shelter", "A room for one woman."), ("documents", "")):
        officer.locator("#plan details > summary").last.click()
        adding = officer.locator("form[action$='/plan/services/add/']")
        adding.locator("[name=service]").select_option(service)
        adding.locator("[name=provider]").select_option(label="HC")
        adding.locator("[name=needs]").fill(needs)
        adding.locator("button[type=submit]").click()
        expect(officer.locator(f"[data-service={service}]")).to_be_visible()

    # The person consents to each service; shelter is referred to its provider.
    for service in ("shelter", "documents"):
        card = officer.locator(f"[data-service={service}]")
        card.locator("form[action$='/consent/'] button[type=submit]").click()
        expect(
            officer.locator(f"[data-service={service}] form[action$='/consent/']")
        ).to_have_count(0)
    officer.locator("[data-service=shelter] form[action$='/refer/'] button").click()
    expect(officer.locator("[data-service=shelter] form[action$='/refer/']")).to_have_count(0)
    no_sideways_scroll(officer)
    shot(officer, f"plan-{tag}-officer")

    # Refer the person to the NRM: consent, who gave it, identity, and the tick box.
    officer.locator(f"a[href$='/{victim.reference}/nrm/refer/']").click()
    form = officer.locator("main form")
    form.locator("[name=authority]").select_option(label="NATC")
    form.locator("[name=consent_given_by]").select_option("survivor")
    form.locator("[name=shares_identity]").check()
    form.locator("button[type=submit]").click()  # no consent ticked: not sent
    expect(form.locator("[name=consented]:invalid")).to_have_count(1)
    assert not NrmReferral.objects.exists()
    officer.locator("main form [name=consented]").check()
    officer.locator("main form [name=confirm]").check()
    officer.locator("main form button[type=submit]").click()
    expect(officer.locator("[data-nrm-referral]")).to_contain_text("NATC")
    no_sideways_scroll(officer)
    shot(officer, f"plan-{tag}-nrm")
    referral = NrmReferral.objects.get(victim=victim)
    assert referral.shares_identity and referral.consent_given_by == "survivor"

    # The provider reads the shelter service: name, phone, needs; nothing else.
    shelter = PlanService.objects.get(plan__victim=victim, service="shelter")
    provider = open_as("provider", width, language)
    provider.goto(f"{live_server.url}/trafficking/services/")
    provider.locator(f"a[href='/trafficking/services/{shelter.pk}/']").click()
    expect(provider.locator("[data-name]")).to_have_text(victim.name)
    expect(provider.locator("[data-phone]")).to_have_text(victim.phone)
    expect(provider.locator("[data-needs]")).to_have_text("A room for one woman.")
    body = provider.locator("main").inner_text()
    assert "Safe shelter" not in body and victim.alias not in body
    assert victim.reference not in body
    no_sideways_scroll(provider)
    shot(provider, f"plan-{tag}-provider")
    # Documents was consented to but not referred: not the provider's to read.
    documents = PlanService.objects.get(plan__victim=victim, service="documents")
    response = provider.goto(f"{live_server.url}/trafficking/services/{documents.pk}/")
    assert response.status == 404
