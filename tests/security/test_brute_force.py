"""Guessing is throttled: a password by the sign-in page, a receipt code by the reporter's
follow-up page. The tests assert what an attacker meets, whatever the mechanism (a lock,
a cool-off, a per-client limit): after a run of wrong guesses from one client, even the
right secret no longer gets in from that client."""

import re
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from ..complaints.forms_data import intake_post

pytestmark = pytest.mark.django_db

GUESSES = 40  # far more than anyone mistypes, far fewer than a search needs


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_password_guessing_from_one_client_is_stopped(personas):
    attacker = Client(REMOTE_ADDR="203.0.113.10")
    login = reverse("login")
    for attempt in range(GUESSES):
        response = attacker.post(login, {"username": "focal_a", "password": f"guess-{attempt}"})
        assert response.status_code < 500
        assert not signed_in(attacker)
    attacker.post(login, {"username": "focal_a", "password": "correct-horse-battery"})
    assert not signed_in(attacker)


def test_the_right_password_signs_in_without_guesses_first(personas):
    """The test above proves a throttle, not a broken sign-in page."""
    client = Client(REMOTE_ADDR="203.0.113.11")
    client.post(reverse("login"), {"username": "focal_a", "password": "correct-horse-battery"})
    assert signed_in(client)


@pytest.fixture
def receipt(client, personas):
    """A complaint logged in person whose complainant follows up by receipt code."""
    client.force_login(personas["focal_a"])
    page = client.post(reverse("complaints:new"), intake_post(feedback_channel="receipt"))
    return re.search(r"data-receipt>\s*([^<\s]+)", page.content.decode()).group(1)


def opens(response) -> bool:
    """The report's page (status and feedback), not the code form again."""
    return response.status_code == 200 and any(
        template.name == "public/follow_up.html" for template in response.templates
    )


def test_receipt_guessing_from_one_client_is_stopped(receipt):
    attacker = Client(REMOTE_ADDR="203.0.113.20")
    follow_up = reverse("public:follow_up")
    answered = 0
    for _attempt in range(GUESSES):
        guess = uuid.uuid4().hex[:12].upper()
        response = attacker.post(follow_up, {"code": guess})
        assert response.status_code in (200, 429)
        answered += response.status_code == 200
    assert answered <= settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR
    assert not opens(attacker.post(follow_up, {"code": receipt}))
    # Adding information is the same door.
    response = attacker.post(follow_up, {"code": receipt, "text": "more"})
    assert response.status_code == 429


def test_the_reporter_still_gets_in_from_another_client(receipt):
    """One client's guessing shuts nobody else out, and the code does open the report."""
    attacker = Client(REMOTE_ADDR="203.0.113.21")
    for _attempt in range(GUESSES):
        attacker.post(reverse("public:follow_up"), {"code": uuid.uuid4().hex[:12].upper()})
    reporter = Client(REMOTE_ADDR="198.51.100.22")
    assert opens(reporter.post(reverse("public:follow_up"), {"code": receipt}))
