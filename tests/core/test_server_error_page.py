"""The 500 page speaks the reader's language (issue 15: it was English only), right to
left in Arabic, and still needs no context, no database and no inline style (CSP)."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [
        ("en", "Something went wrong", "ltr"),
        ("es", "Algo salió mal", "ltr"),
        ("ar", "حدث خطأ ما", "rtl"),
        ("tr", "Bir şeyler ters gitti", "ltr"),
        ("fr", "Un problème est survenu", "ltr"),
    ],
)
def test_the_error_page_is_in_the_readers_language(language, heading, direction):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert heading in page
    assert f'lang="{language}" dir="{direction}"' in page
    assert "style=" not in page
