"""The focal-point directory and registry in a browser, in English and Arabic, and the
public directory as printed."""

from datetime import date

import pytest
from playwright.sync_api import expect

from focalpoints import services
from focalpoints.models import FocalPoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(personas, agency_a, agency_b):
    for org, name in ((agency_a, "Leyla Demir"), (agency_b, "Omar Haddad")):
        services.focal_point_save(
            actor=personas["coordinator"],
            focal_point=FocalPoint(
                organisation=org, name=name, email=f"{name.split()[0].lower()}@example.org", phone="+90 342 555 0101",
                publish_phone=True, languages=["ar", "tr"], appointed_on=date(2026, 1, 1), psea_in_tor=True,
            ),
        )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_public_directory_reads_and_prints(
    live_server, chromium, registry, screenshot, language
):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale=language)
    page = context.new_page()
    page.goto(f"{live_server.url}/directory/")
    expect(page.get_by_text("Leyla Demir")).to_be_visible()
    expect(page.get_by_text("+90 342 555 0101").first).to_be_visible()
    expect(page.get_by_text("leyla@example.org")).to_have_count(0)  # not published
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
    screenshot(page, f"40-directory-{language}")
    page.emulate_media(media="print")
    expect(page.locator(".site-footer form")).to_be_hidden()
    screenshot(page, f"41-directory-print-{language}")
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_focal_point_keeps_their_agencys_registry(
    live_server, chromium, personas, registry, screenshot, language
):
    context = chromium.new_context(viewport={"width": 1000, "height": 900}, locale=language)
    page = context.new_page()
    _sign_in_any(page, live_server, "focal_a")  # the language comes from the browser
    page.goto(f"{live_server.url}/focal-points/")
    expect(page.get_by_text("Omar Haddad")).to_be_visible()
    own = page.locator(
        "section.org", has=page.locator(f"#org-{personas['focal_a'].organisation_id}")
    )
    other = page.locator(
        "section.org", has=page.locator(f"#org-{personas['focal_b'].organisation_id}")
    )
    expect(own.locator("a[href$='/edit/']")).to_have_count(1)  # may edit their own agency
    expect(other.locator("a[href$='/edit/']")).to_have_count(0)  # and no other
    screenshot(page, f"42-registry-{language}")
    context.close()


def _sign_in_any(page, live_server, username):
    from core.models import User
    from tests.conftest import PASSWORD
    from tests.second_factor import code, enrol

    from .test_sign_in_journey import enter_code

    enrol(User.objects.get(username=username))
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    enter_code(page, code(User.objects.get(username=username)))
