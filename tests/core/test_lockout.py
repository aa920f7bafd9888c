"""Issue 12, point 3: a lockout no attacker can turn against a known user.

A client that keeps failing on an account is locked out of that account (account AND
client); the account as a whole is only slowed down, per client, so whoever hammers it
never takes the owner's turn; brute force stays throttled.
"""

import ipaddress

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")


def client_at(address, **extra):
    return Client(REMOTE_ADDR=address, **extra)


def sign_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def test_failing_from_one_client_does_not_lock_the_owner_out(personas, settings):
    attacker, owner = client_at("203.0.113.7"), client_at("198.51.100.20")
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        sign_in(attacker, "focal_a", "guess")
    assert sign_in(attacker, "focal_a").status_code == 429  # the attacker's client is locked
    assert sign_in(owner, "focal_a").status_code == 302  # the owner signs in from theirs


def test_the_locked_client_stays_locked_even_with_the_right_password(personas, settings):
    client = client_at("203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "focal_a", "guess")
    response = sign_in(client, "focal_a")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_account_under_attack_from_many_clients_is_slowed_not_locked(personas, settings):
    for n in range(settings.AMANA_LOGIN_SLOWDOWN_AFTER):
        sign_in(client_at(f"203.0.113.{n + 1}"), "focal_a", "guess")
    newcomer = client_at("198.51.100.20")
    first = sign_in(newcomer, "focal_a", "typo")
    assert first.status_code == 200  # one try is let through, and fails as usual
    second = sign_in(newcomer, "focal_a")
    assert second.status_code == 429  # the next one waits
    page = second.content.decode()
    assert "Wait" in page
    # Whoever keeps hammering from elsewhere never takes this client's turn.
    for n in range(20):
        sign_in(client_at(f"192.0.2.{n + 1}"), "focal_a", "guess")
    assert sign_in(client_at("198.51.100.99"), "focal_a").status_code == 302


def test_a_slowed_down_attempt_is_not_counted_as_a_failure(personas, settings):
    for n in range(settings.AMANA_LOGIN_SLOWDOWN_AFTER):
        sign_in(client_at(f"203.0.113.{n + 1}"), "focal_a", "guess")
    client = client_at("198.51.100.20")
    sign_in(client, "focal_a", "typo")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        assert sign_in(client, "focal_a", "guess").status_code == 429
    # Only the one attempt that was let through counts against this client.
    assert not AccessAttempt.objects.filter(failures_since_start__gt=1).exists()


def test_other_accounts_are_not_slowed_down(personas, settings):
    for n in range(settings.AMANA_LOGIN_SLOWDOWN_AFTER):
        sign_in(client_at(f"203.0.113.{n + 1}"), "focal_a", "guess")
    client = client_at("198.51.100.20")
    sign_in(client, "focal_b", "typo")
    assert sign_in(client, "focal_b").status_code == 302


def test_one_client_spraying_many_accounts_is_slowed_down(personas, settings):
    client = client_at("203.0.113.7")
    for n in range(settings.AMANA_LOGIN_SLOWDOWN_AFTER):
        sign_in(client, f"someone{n}", "Spring2026!")
    sign_in(client, "someone-else", "Spring2026!")
    assert sign_in(client, "yet-another", "Spring2026!").status_code == 429
    assert sign_in(client_at("198.51.100.20"), "focal_a").status_code == 302


def test_the_lockout_counts_no_real_address(personas, settings):
    sign_in(client_at("203.0.113.7"), "focal_a", "guess")
    attempt = AccessAttempt.objects.get()
    assert "203.0.113.7" not in str(attempt.ip_address)
    assert ipaddress.ip_address(attempt.ip_address) in ipaddress.ip_network("fd00::/8")


def test_behind_a_proxy_each_client_is_counted_apart(personas, settings):
    settings.AMANA_TRUSTED_PROXIES = 1
    attacker = client_at("10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    owner = client_at("10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(attacker, "focal_a", "guess")
    assert sign_in(attacker, "focal_a").status_code == 429
    assert sign_in(owner, "focal_a").status_code == 302


def test_the_lockout_is_audited_without_an_address(personas, settings):
    client = client_at("203.0.113.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "focal_a", "guess")
    sign_in(client, "focal_a")
    assert AccessAttempt.objects.filter(username="focal_a").exists()
    assert not AuditEvent.objects.filter(detail__icontains="203.0.113.7").exists()
