"""Five languages, Arabic right to left, switched without JavaScript."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

SIGN_IN = {
    "en": "Sign in",
    "es": "Iniciar sesión",
    "ar": "تسجيل الدخول",
    "tr": "Oturum aç",
    "fr": "Se connecter",
}


@pytest.mark.parametrize(("code", "text"), SIGN_IN.items())
def test_the_login_page_speaks_each_language(client, code, text):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    page = client.get(reverse("login")).content.decode()
    assert f'<html lang="{code}"' in page
    assert f"<h1>{text}</h1>" in page


def test_arabic_pages_are_right_to_left(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert '<html lang="ar" dir="rtl">' in client.get(reverse("login")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "tr"
    assert '<html lang="tr" dir="ltr">' in client.get(reverse("login")).content.decode()


def test_the_language_switcher_is_a_plain_form(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": reverse("login")})
    assert response.status_code == 302
    assert "Iniciar sesión" in client.get(reverse("login")).content.decode()


def test_the_switcher_lists_each_language_in_its_own_name(client):
    page = client.get(reverse("login")).content.decode()
    for name in ("English", "español", "العربيّة", "Türkçe", "français"):
        assert name in page


@pytest.mark.parametrize("code", ["es", "ar", "tr", "fr"])
def test_every_message_is_translated(code):
    path = Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po:
        catalogue = read_po(po, locale=code)
    untranslated = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert untranslated == []
