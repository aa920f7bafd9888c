"""Login, lockout, session rotation, idle timeout and logout, as a user meets them."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.second_factor import code_for, enrol

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
HOME = reverse("home")


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_user_signs_in_and_sees_their_organisation_and_role(client, personas):
    device = enrol(personas["focal_a"])
    response = sign_in(client, "focal_a")
    assert response.status_code == 302
    assert response["Location"] == HOME
    client.post(reverse("second-factor"), {"code": code_for(device)})  # the second factor
    page = client.get(HOME).content.decode()
    assert "Agency A (AGA)" in page
    assert "Focal point" in page
    assert AuditEvent.objects.filter(action="user.login", actor=personas["focal_a"]).exists()


def test_wrong_password_and_unknown_user_get_the_same_message(client, personas):
    wrong = sign_in(client, "focal_a", "not-the-password").content.decode()
    unknown = sign_in(client, "nobody-here", "not-the-password").content.decode()
    message = "That username and password do not match."
    assert message in wrong
    assert message in unknown


def test_the_session_id_changes_at_sign_in(client, personas):
    session = client.session
    session["draft_language"] = "ar"
    session.save()
    before = session.session_key
    sign_in(client, "focal_a")
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_an_account_is_locked_after_repeated_failures(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "focal_a", "guess")
    response = sign_in(client, "focal_a")  # even the right password is refused now
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert client.get(HOME).status_code == 302  # still signed out
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_per_account(client, personas, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "focal_a", "guess")
    assert sign_in(client, "focal_b").status_code == 302


def test_an_unknown_account_locks_like_a_real_one(client, personas, settings):
    responses = [sign_in(client, "ghost", "guess") for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert responses[-1].status_code == 429


def test_a_session_ends_after_the_idle_timeout(client, personas):
    sign_in(client, "focal_a")
    key = client.session.session_key
    session = Session.objects.get(session_key=key)
    assert session.expire_date - timezone.now() <= timedelta(minutes=30)
    assert session.expire_date - timezone.now() > timedelta(minutes=29)

    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_each_request_renews_the_idle_timeout(client, personas):
    sign_in(client, "focal_a")
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=5)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    client.get(HOME)
    assert Session.objects.get(session_key=key).expire_date > soon + timedelta(minutes=20)


def test_sign_out_kills_the_session(client, personas):
    sign_in(client, "focal_a")
    key = client.session.session_key
    cookie = client.cookies["sessionid"].value
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = cookie  # replaying the old cookie does not help
    assert client.get(HOME).status_code == 302
    assert AuditEvent.objects.filter(action="user.logout").exists()


def test_sign_out_needs_a_post(client, personas):
    sign_in(client, "focal_a")
    assert client.get(reverse("logout")).status_code == 405


def test_pages_of_a_signed_in_user_are_not_cached(client, personas):
    sign_in(client, "focal_a")
    assert client.get(HOME)["Cache-Control"] == "no-store"


def test_an_inactive_user_cannot_sign_in(client, personas):
    personas["focal_a"].is_active = False
    personas["focal_a"].save()
    assert sign_in(client, "focal_a").status_code == 200
