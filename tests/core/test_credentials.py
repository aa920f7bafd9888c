"""Issue 12, point 3: one credential system for integrations (digests, expiry, shown once,
revocable, audited); a password change, reset or deactivation ends the user's other
sessions and keys at once; an absolute session lifetime beside the idle one."""

import time
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from core import apikeys, services
from core.models import ApiKey, AuditEvent, User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("home")
LOGIN = reverse("login")
KEYS = reverse("account-keys")
COMPLAINTS_API = reverse("api-complaints")
ME_API = reverse("api-me")
STATS_API = reverse("stats-focal-points")

PAYLOAD = {
    "entry_point": "hotline",
    "category": "sea",
    "narrative": "Told on the hotline.",
    "persons": [{"roles": ["survivor"], "age_group": "26-59", "sex": "female"}],
}


def signed_in(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def key_client(raw):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def issue(user, scope=ApiKey.Scope.INTAKE, days=90):
    return apikeys.integration_key_create(actor=user, name="Hotline tool", scope=scope, days=days)


# --- The retired DRF token ----------------------------------------------------------------


def test_plain_text_drf_tokens_are_gone():
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    authentication = settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    assert "rest_framework.authentication.TokenAuthentication" not in authentication


def test_an_old_token_header_is_told_to_get_an_api_key(personas):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get(ME_API)
    assert response.status_code == 401
    assert "API key" in response.json()["error"]["message"]


# --- Issuing, shown once, stored as a digest ------------------------------------------------


def test_a_focal_point_issues_a_key_that_is_shown_once_and_stored_as_a_digest(personas):
    client = signed_in("focal_a")
    response = client.post(KEYS, {"name": "KoboToolbox", "scope": "intake", "days": "90"})
    assert response.status_code == 200
    page = response.content.decode()
    key = ApiKey.objects.get(user=personas["focal_a"])
    raw = page.split("data-api-key>")[1].split("<")[0]
    assert raw.startswith(f"amk_{key.prefix}.")
    secret = raw.split(".", 1)[1]
    assert secret not in key.digest
    assert key.expires_at.date() == (timezone.now() + timedelta(days=90)).date()
    assert key.organisation == personas["focal_a"].organisation
    assert raw not in client.get(KEYS).content.decode()  # shown once
    event = AuditEvent.objects.get(action="apikey.create")
    assert event.actor == personas["focal_a"]
    assert raw not in str(event.detail) and secret not in str(event.detail)


@pytest.mark.parametrize(
    ("persona", "may_issue"),
    [
        ("focal_a", True),
        ("coordinator", True),
        ("investigator_a", False),
        ("provider", False),
        ("analyst", False),
        ("admin", False),
    ],
)
def test_who_may_issue_integration_keys(personas, persona, may_issue):
    client = signed_in(persona)
    assert client.get(KEYS).status_code == (200 if may_issue else 404)
    client.post(KEYS, {"name": "Tool", "scope": "intake", "days": "30"})
    assert ApiKey.objects.filter(user=personas[persona]).exists() == may_issue


def test_a_key_cannot_outlive_a_year(personas):
    client = signed_in("focal_a")
    client.post(KEYS, {"name": "Forever", "scope": "intake", "days": "3650"})
    assert not ApiKey.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(KEYS)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# --- Using a key: the integration keeps working with the scope it needs --------------------


def test_an_intake_key_logs_a_complaint_as_its_holder(personas):
    _key, raw = issue(personas["focal_a"])
    response = key_client(raw).post(
        COMPLAINTS_API, {**PAYLOAD, "submission_key": str(uuid.uuid4())}, format="json"
    )
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get(reference=response.json()["reference"])
    assert complaint.received_by == personas["focal_a"]
    assert complaint.source == Complaint.Source.API
    assert key_client(raw).get(ME_API).json()["username"] == "focal_a"
    assert ApiKey.objects.get().last_used_at is not None


def test_an_intake_key_reads_no_case(personas):
    _key, raw = issue(personas["focal_a"])
    response = key_client(raw).get(COMPLAINTS_API)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "apikey.scope"


def test_a_cases_key_lists_what_its_holder_may_see(personas):
    _key, raw = issue(personas["focal_a"], scope=ApiKey.Scope.CASES)
    assert key_client(raw).post(COMPLAINTS_API, PAYLOAD, format="json").status_code == 201
    listing = key_client(raw).get(COMPLAINTS_API)
    assert listing.status_code == 200
    assert listing.json()["count"] == 1


def test_a_key_never_reaches_further_than_its_holder(personas):
    _key, raw = issue(personas["focal_a"], scope=ApiKey.Scope.CASES)
    personas["focal_a"].is_focal_point = False
    personas["focal_a"].save()
    assert key_client(raw).post(COMPLAINTS_API, PAYLOAD, format="json").status_code == 404


def test_keys_open_only_their_own_api(personas, agency_a):
    _stats, stats_raw = apikeys.api_key_create(
        actor=personas["coordinator"], organisation=agency_a, name="Dashboard",
        scope=ApiKey.Scope.NETWORK,
    )  # fmt: skip
    _intake, intake_raw = issue(personas["coordinator"], scope=ApiKey.Scope.CASES)
    assert key_client(stats_raw).get(STATS_API).status_code == 200
    assert key_client(stats_raw).get(COMPLAINTS_API).status_code == 403
    assert key_client(intake_raw).get(STATS_API).status_code == 403


def test_an_expired_key_is_refused(personas):
    key, raw = issue(personas["focal_a"], days=1)
    ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = key_client(raw).get(ME_API)
    assert response.status_code == 401
    assert "expired" in response.json()["error"]["message"]


def test_a_wrong_secret_is_refused(personas):
    key, _raw = issue(personas["focal_a"])
    response = key_client(f"amk_{key.prefix}.not-the-secret").get(ME_API)
    assert response.status_code == 401


# --- Revoking ------------------------------------------------------------------------------


def test_the_coordinator_sees_and_revokes_any_integration_key(personas):
    key, raw = issue(personas["focal_a"])
    client = signed_in("coordinator")
    page = client.get(reverse("stats-keys")).content.decode()
    assert "focal_a" in page and "Hotline tool" in page
    response = client.post(reverse("stats-key-revoke", args=[key.pk]))
    assert response.status_code == 302
    assert key_client(raw).get(ME_API).status_code == 401
    event = AuditEvent.objects.get(action="apikey.revoke")
    assert (event.actor, event.object_id) == (personas["coordinator"], str(key.pk))


def test_a_holder_revokes_their_own_key_and_no_one_elses(personas):
    key, raw = issue(personas["focal_a"])
    other = signed_in("focal_b")
    assert other.post(reverse("account-key-revoke", args=[key.pk])).status_code == 404
    assert key_client(raw).get(ME_API).status_code == 200
    own = signed_in("focal_a")
    assert own.post(reverse("account-key-revoke", args=[key.pk])).status_code == 302
    assert key_client(raw).get(ME_API).status_code == 401


def test_a_holder_lists_only_their_own_keys(personas):
    issue(personas["focal_a"])
    apikeys.integration_key_create(
        actor=personas["coordinator"], name="Coordinator's tool", scope="cases", days=30
    )
    page = signed_in("focal_a").get(KEYS).content.decode()
    assert "Hotline tool" in page
    assert "Coordinator&#x27;s tool" not in page and "Coordinator's tool" not in page


# --- A password change, reset or deactivation ends sessions and keys at once ----------------


def reset_password(personas, user):
    """An administrator resets it and a coordinator approves (separation of duties)."""
    request = services.user_password_set(
        actor=personas["admin"], user=user, password="a-brand-new-passphrase"
    )
    services.account_request_decide(actor=personas["coordinator"], request=request, approve=True)
    user.refresh_from_db()


def test_a_password_reset_revokes_the_users_keys(personas):
    key, raw = issue(personas["focal_a"])
    reset_password(personas, personas["focal_a"])
    assert key_client(raw).get(ME_API).status_code == 401
    key.refresh_from_db()
    assert key.revoked_at is not None
    event = AuditEvent.objects.get(action="apikey.revoke")
    assert event.detail == {"reason": "password"}


def test_deactivating_an_account_revokes_its_keys(personas):
    key, raw = issue(personas["focal_a"])
    user = personas["focal_a"]
    user.is_active = False
    user.save()
    user.is_active = True  # reactivated later: the key stays dead
    user.save()
    assert key_client(raw).get(ME_API).status_code == 401
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_django_re_hashing_a_password_at_sign_in_keeps_the_keys(personas, settings):
    _key, raw = issue(personas["focal_a"])
    # A stronger hasher than the one the password was stored with: sign-in re-hashes it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    before = User.objects.get(username="focal_a").password
    Client().post(LOGIN, {"username": "focal_a", "password": PASSWORD})
    assert User.objects.get(username="focal_a").password != before  # re-hashed
    assert key_client(raw).get(ME_API).status_code == 200
    assert not AuditEvent.objects.filter(action="user.sessions_ended").exists()


def test_saving_a_user_for_other_reasons_keeps_their_keys(personas):
    _key, raw = issue(personas["focal_a"])
    user = personas["focal_a"]
    user.first_name = "Amira"
    user.save()
    assert key_client(raw).get(ME_API).status_code == 200


def test_a_password_reset_ends_every_session_of_that_user_at_once(personas):
    phone, laptop = signed_in("focal_a"), signed_in("focal_a")
    bystander = signed_in("focal_b")
    reset_password(personas, personas["focal_a"])
    assert not Session.objects.filter(
        session_key__in=[phone.session.session_key, laptop.session.session_key]
    ).exists()
    assert phone.get(HOME).status_code == 302
    assert laptop.get(HOME).status_code == 302
    assert bystander.get(HOME).status_code == 200
    event = AuditEvent.objects.get(action="user.sessions_ended")
    assert event.detail == {"reason": "password", "sessions": 2}


def test_a_deactivated_users_session_does_not_come_back_on_reactivation(personas):
    client = signed_in("focal_a")
    user = personas["focal_a"]
    user.is_active = False
    user.save()
    assert client.get(HOME).status_code == 302
    user.is_active = True
    user.save()
    assert client.get(HOME).status_code == 302  # signed out for good: sign in again


def test_ones_own_password_change_keeps_this_session_and_ends_the_others(personas, rf):
    here, elsewhere = signed_in("focal_a"), signed_in("focal_a")
    request = rf.post("/")
    request.session = here.session
    assert request.session["_auth_user_id"]  # loaded at the start of the request, as in a view
    user = personas["focal_a"]
    services.user_password_set(actor=user, user=user, password="a-brand-new-passphrase")
    request.user = user
    update_session_auth_hash(request, user)  # what a password change view does
    request.session.save()
    here.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    here.get(HOME)
    elsewhere.get(HOME)
    assert here.session.get("_auth_user_id") == str(user.pk)  # still signed in here
    assert "_auth_user_id" not in elsewhere.session


# --- Absolute session lifetime -------------------------------------------------------------


def _age_session(client, seconds):
    session = client.session
    session["_amana_signed_in_at"] = session["_amana_signed_in_at"] - seconds
    session.save()


def test_a_busy_session_still_ends_after_the_absolute_lifetime(personas):
    client = signed_in("focal_a")
    lifetime = settings.AMANA_SESSION_ABSOLUTE_HOURS * 3600
    _age_session(client, lifetime - 60)
    assert client.get(HOME).status_code == 200  # renewed by use, still within the lifetime
    _age_session(client, 120)
    response = client.get(HOME, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN)
    assert "Your session has ended" in response.content.decode()
    assert AuditEvent.objects.filter(action="user.logout", actor=personas["focal_a"]).exists()


def test_a_session_without_a_sign_in_time_is_ended(personas):
    client = signed_in("focal_a")
    session = client.session
    del session["_amana_signed_in_at"]
    session.save()
    assert client.get(HOME).status_code == 302


def test_the_absolute_lifetime_is_twelve_hours_by_default():
    assert settings.AMANA_SESSION_ABSOLUTE_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 30 * 60  # the idle timeout stays


def test_the_sign_in_time_is_set_at_sign_in(personas):
    client = signed_in("focal_a")
    assert abs(client.session["_amana_signed_in_at"] - time.time()) < 60


@pytest.mark.parametrize(("persona", "shown"), [("focal_a", True), ("coordinator", True),
                                                ("analyst", False), ("admin", False)])  # fmt: skip
def test_the_home_page_leads_to_ones_keys_where_one_may_issue_them(personas, persona, shown):
    page = signed_in(persona).get(HOME).content.decode()
    assert (f'href="{KEYS}"' in page) == shown
