"""The service map and an information page in a browser: the coordinator adds a service
point and writes a page's Spanish text; a visitor reads the page in Spanish and finds the
service. On a 360 px phone and a desktop, in English and in Spanish."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from pathways import services
from pathways.models import InfoWindow

from .test_focal_points import _sign_in_any

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108  (where the brief asks for them)
SCREENS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


@pytest.fixture
def places(db):
    from core.models import Location

    gaziantep = Location.objects.create(name="Gaziantep", level=1)
    return {
        "gaziantep": gaziantep,
        "nizip": Location.objects.create(name="Nizip", level=2, parent=gaziantep),
    }


@pytest.fixture
def window(personas, places):
    window = services.info_window_save(
        actor=personas["coordinator"],
        window=InfoWindow(
            slug="gaziantep", location=places["gaziantep"], hotline="+90 800 555 0101",
            topics=["hotline", "service_points", "trafficking_indicators"], is_published=True,
        ),
    )  # fmt: skip
    services.info_text_save(
        actor=personas["coordinator"], window=window, language="en",
        title="Help in Gaziantep", body="<p>Help is free.</p>",
    )  # fmt: skip
    return window


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"pathways-{name}.png"), full_page=True)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_coordinator_maps_a_service_and_a_visitor_finds_it(
    live_server, chromium, personas, provider_org, places, window, screen, language
):
    context = chromium.new_context(viewport=SCREENS[screen], locale=language)
    page = context.new_page()
    _sign_in_any(page, live_server, "coordinator")

    # The coordinator adds a published service point in Nizip.
    page.goto(f"{live_server.url}/pathways/services/add/")
    page.locator("#id_organisation").select_option(str(provider_org.pk))
    page.locator("#id_service").select_option("medical")
    page.locator("#id_name").fill("Health Centre clinic, Nizip")
    page.get_by_label("Gaziantep / Nizip").check()
    page.locator("#id_hours").fill("Mon-Fri 08:00-17:00")
    page.locator("#id_contact_phone").fill("+90 342 555 0140")
    page.locator("#id_is_published").check()
    page.locator("main form.card button[type=submit]").click()
    expect(page.get_by_text("Health Centre clinic, Nizip")).to_be_visible()
    _shot(page, f"01-map-{screen}-{language}")

    # ... and writes the page's Spanish text (flagged missing until then).
    page.goto(f"{live_server.url}/pathways/information/")
    expect(page.locator('[data-language="es"]')).to_be_visible()
    page.locator('a[href$="/gaziantep/es/"]').click()
    page.locator("#id_title").fill("Ayuda en Gaziantep")
    page.locator("#id_body").fill(
        "<p>La ayuda es gratuita.</p><script>alert(1)</script>"
        "<h2>Señales de trata</h2><ul><li>Otra persona guarda su pasaporte.</li></ul>"
    )
    page.locator("main form.card button[type=submit]").click()
    expect(page.locator('[data-language="es"]')).to_have_count(0)
    _shot(page, f"02-windows-{screen}-{language}")
    context.close()

    # A visitor reads the page in Spanish and finds the service.
    visitor = chromium.new_context(viewport=SCREENS[screen], locale="es")
    page = visitor.new_page()
    page.goto(f"{live_server.url}/info/")
    page.get_by_role("link", name="Ayuda en Gaziantep").click()
    expect(page.get_by_role("heading", name="Ayuda en Gaziantep")).to_be_visible()
    expect(page.get_by_text("Otra persona guarda su pasaporte.")).to_be_visible()
    expect(page.get_by_text("Health Centre clinic, Nizip")).to_be_visible()
    expect(page.get_by_text("+90 342 555 0140")).to_be_visible()
    expect(page.locator(".not-translated")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SCREENS[screen]["width"]  # nothing pushes the phone page sideways
    _shot(page, f"03-public-{screen}-{language}")
    page.goto(f"{live_server.url}/info/gaziantep/poster/")
    expect(page.locator(".poster-qr svg")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-footer")).to_be_hidden()
    _shot(page, f"04-poster-{screen}-{language}")
    visitor.close()
