"""CSRF on every form: a POST without the token, from a signed-in browser or an anonymous
one, is refused (403) on every URL of the app, whether its view is a form, an admin page
or the API under session authentication. A new URL is checked as soon as it exists."""

import pytest
from django.test import Client
from django.urls import reverse

from .sweep import patterns, values_for

pytestmark = pytest.mark.django_db

# Sending no cookie at all, an anonymous call to the API is refused before any form is
# read (401, token authentication first): there is no session for a forged request to ride.
API_ANONYMOUS = {401}


@pytest.mark.parametrize("persona", ["anonymous", "focal_a", "coordinator", "admin"])
def test_every_post_without_the_token_is_refused(world, persona):
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(world.personas[persona])
    problems = []
    for pattern in patterns():
        for values in values_for(pattern, world) or []:
            url = pattern.url(values)
            response = client.post(url, {"name": "x"})
            # 405: the view takes no POST at all (the API schema and its documentation).
            allowed = {403, 405} | (API_ANONYMOUS if persona == "anonymous" else set())
            if response.status_code not in allowed:
                problems.append(f"POST {url} ({pattern.key}): {response.status_code}")
    assert problems == [], "\n".join(problems)


def test_the_same_post_with_the_token_gets_through(world):
    """The refusals above are CSRF's: with the token, the form is read."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas["focal_a"])
    page = client.get(reverse("complaints:new"))
    token = page.cookies["csrftoken"].value if "csrftoken" in page.cookies else None
    token = token or client.cookies["csrftoken"].value
    response = client.post(reverse("complaints:new"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200  # the form again, with its errors
    assert "csrf" not in response.content.decode().lower().split("<form")[0]
