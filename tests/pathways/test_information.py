"""The public pages: sanitised text, languages, published fields only, the cache, the
poster and the printed map."""

import pytest
from django.urls import reverse

from core.audit import audit_trail_for
from pathways import services
from pathways.models import InfoWindowText

pytestmark = pytest.mark.django_db


def test_a_text_is_sanitised_when_saved(personas, window):
    text = services.info_text_save(
        actor=personas["coordinator"], window=window, language="fr", title="Aide",
        body='<p onclick="steal()">Appelez <a href="javascript:alert(1)">ici</a> ou '
        '<a href="tel:+908005550101" target="_blank">le 0800</a>.</p>'
        '<script>alert(1)</script><img src="https://evil.example/x.png">'
        '<style>p{}</style><iframe src="https://evil.example"></iframe><h2>Titre</h2>',
    )  # fmt: skip
    stored = InfoWindowText.objects.get(pk=text.pk).body
    for banned in ("onclick", "javascript:", "<script", "alert(1)", "<img", "evil.example",
                   "<style", "<iframe", "target="):  # fmt: skip
        assert banned not in stored
    assert '<a href="tel:+908005550101" rel="noopener">le 0800</a>' in stored
    assert "<h2>Titre</h2>" in stored
    assert audit_trail_for(window).filter(action="infowindow.text.create").exists()


def test_missing_translations_are_flagged(client, personas, window):
    client.force_login(personas["coordinator"])
    page = client.get(reverse("pathways:windows")).content.decode()
    for language in ("ar", "tr", "fr"):
        assert f'class="badge warn missing" data-language="{language}"' in page
    for language in ("en", "es"):
        assert f'data-language="{language}"' not in page


def test_the_coordinator_edits_one_translation(client, personas, window):
    client.force_login(personas["coordinator"])
    address = reverse("pathways:window-text", args=["gaziantep", "ar"])
    page = client.get(address).content.decode()
    assert 'dir="rtl"' in page and "Help in Gaziantep" in page  # the English beside it
    response = client.post(
        address, {"title": "المساعدة", "body": "<p>مجانية</p><script>x</script>"}
    )
    assert response.status_code == 302
    assert window.texts.get(language="ar").body == "<p>مجانية</p>"
    assert client.get(reverse("pathways:window-text", args=["gaziantep", "xx"])).status_code == 404


def test_the_visitors_language_or_english_with_a_note(client, window):
    spanish = client.get(reverse("info:window", args=["gaziantep"]), HTTP_ACCEPT_LANGUAGE="es")
    page = spanish.content.decode()
    assert "Ayuda en Gaziantep" in page and "La ayuda es gratuita." in page
    assert "not-translated" not in page
    turkish = client.get(reverse("info:window", args=["gaziantep"]), HTTP_ACCEPT_LANGUAGE="tr")
    page = turkish.content.decode()
    assert "Help in Gaziantep" in page and 'class="warn-box not-translated"' in page
    index = client.get(reverse("info:index"), HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Help in Gaziantep" in index and "not-translated" in index


def test_the_public_sees_published_points_and_fields_only(
    client, add_point, agency_b, provider_org, places, window
):
    add_point(
        agency_b, "shelter", [places["gaziantep"]], name="Safe shelter",
        address="Secret Street 7", contact_phone="+90 342 555 0160", is_published=True,
    )  # fmt: skip
    add_point(
        provider_org, "medical", [places["nizip"]], name="Internal clinic", is_published=False
    )
    add_point(
        provider_org, "legal", [places["hatay"]], name="Hatay legal desk", is_published=True,
        contact_email="legal@example.org", published_fields=["hours"],
    )  # fmt: skip
    for address in (
        reverse("info:services"),
        reverse("info:services") + f"?location={places['camp'].pk}",
        reverse("info:window", args=["gaziantep"]),
    ):
        page = client.get(address).content.decode()
        assert "Safe shelter" in page and "+90 342 555 0160" in page
        assert "Secret Street" not in page  # the address is never published by default
        assert "Internal clinic" not in page
        assert "legal@example.org" not in page  # not a published field
    hatay = client.get(reverse("info:services") + f"?location={places['hatay'].pk}")
    assert "Hatay legal desk" in hatay.content.decode()
    assert "Safe shelter" not in hatay.content.decode()


def test_the_cache_is_dropped_when_a_text_is_saved(
    client, personas, window, django_capture_on_commit_callbacks
):
    address = reverse("info:window", args=["gaziantep"])
    assert (
        "La ayuda es gratuita." in client.get(address, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )
    # Written behind the services' back: the cached page does not change.
    InfoWindowText.objects.filter(language="es").update(body="<p>Cambiado a escondidas.</p>")
    assert (
        "La ayuda es gratuita." in client.get(address, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.info_text_save(
            actor=personas["coordinator"], window=window, language="es",
            title="Ayuda en Gaziantep", body="<p>Nuevo texto.</p>",
        )  # fmt: skip
    assert "Nuevo texto." in client.get(address, HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_the_cache_is_dropped_when_a_point_is_saved(
    client, add_point, agency_b, places, window, django_capture_on_commit_callbacks
):
    address = reverse("info:window", args=["gaziantep"])
    assert "Mobile clinic" not in client.get(address).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        add_point(agency_b, "medical", [places["nizip"]], name="Mobile clinic", is_published=True)
    assert "Mobile clinic" in client.get(address).content.decode()


def test_the_poster_has_a_qr_code_to_the_report_form(client, window):
    response = client.get(reverse("info:poster", args=["gaziantep"]))
    page = response.content.decode()
    assert "<svg" in page and "+90 800 555 0101" in page
    assert f"http://testserver{reverse('public:report')}" in page
    assert "https://" not in page  # nothing from elsewhere


def test_the_map_prints_per_place(client, personas, add_point, agency_b, provider_org, places):
    add_point(agency_b, "shelter", [places["nizip"]], name="Nizip shelter", hours="24 hours")
    add_point(provider_org, "medical", [places["hatay"]], name="Hatay clinic")
    client.force_login(personas["analyst"])
    page = client.get(
        reverse("pathways:service-print") + f"?location={places['camp'].pk}"
    ).content.decode()
    assert "Nizip shelter" in page and "24 hours" in page and "Hatay clinic" not in page
    assert "pathways/pathways.css" in page  # its @media print rules


def test_the_information_page_links_to_the_windows(client):
    page = client.get(reverse("public:information")).content.decode()
    assert f'href="{reverse("info:index")}"' in page


def test_a_window_slug_may_not_hide_an_app_page(client, personas):
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("pathways:window-add"), {"slug": "services", "topics": ["hotline"], "order": 0}
    )
    assert "This address is taken; choose another." in response.content.decode()
