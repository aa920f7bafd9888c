"""Second factor for every staff account (issue 12, point 2): TOTP codes usable once,
recovery codes shown once, enrolment at first sign-in, enforced on every page."""

import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import services
from core.models import AuditEvent
from core.roles import Role
from tests.conftest import PASSWORD
from tests.second_factor import code, code_for, enrol

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
HOME = reverse("home")
VERIFY = reverse("second-factor")
ENROL = reverse("second-factor-enrol")


def sign_in(client, username):
    return client.post(LOGIN, {"username": username, "password": PASSWORD})


def secret_on(page: str) -> bytes:
    secret = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def unthrottle(user):
    """After a wrong code django-otp refuses every code for a second, then two, four...
    (its throttling); the tests do not wait."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)


def test_wrong_codes_slow_the_next_tries_down(client, personas):
    device = enrol(personas["focal_a"])
    sign_in(client, "focal_a")
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": code_for(device)})  # right, but too soon
    assert response.status_code == 200
    unthrottle(personas["focal_a"])
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302


# --- Enforced: a password alone reaches nothing ------------------------------------------


@pytest.mark.parametrize(
    "persona", ["focal_a", "coordinator", "investigator_a", "provider", "analyst", "admin"]
)
def test_every_role_needs_the_second_factor(client, personas, persona):
    enrol(personas[persona])
    sign_in(client, persona)
    for url in (HOME, reverse("complaints:list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
    api = client.get(reverse("api-me"))
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "second_factor.required"


def test_a_code_lets_the_user_in_and_takes_them_where_they_were_going(client, personas):
    device = enrol(personas["coordinator"])
    sign_in(client, "coordinator")
    target = reverse("complaints:list")
    redirect = client.get(target)["Location"]
    assert client.get(redirect).status_code == 200
    response = client.post(VERIFY, {"code": code_for(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200
    assert AuditEvent.objects.filter(
        action="user.second_factor_verify", actor=personas["coordinator"]
    ).exists()


def test_a_wrong_code_is_refused_with_a_message(client, personas):
    enrol(personas["focal_a"])
    sign_in(client, "focal_a")
    response = client.post(VERIFY, {"code": "000000"})
    assert response.status_code == 200
    assert "That code does not match" in response.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_code_works_once(client, personas):
    device = enrol(personas["focal_a"])
    used = code_for(device)
    sign_in(client, "focal_a")
    assert client.post(VERIFY, {"code": used}).status_code == 302
    client.post(reverse("logout"))
    sign_in(client, "focal_a")
    response = client.post(VERIFY, {"code": used})
    assert response.status_code == 200  # the same code again: refused
    assert client.get(HOME).status_code == 302


def test_logout_and_the_language_stay_open_before_the_code(client, personas):
    enrol(personas["focal_a"])
    sign_in(client, "focal_a")
    assert client.post(reverse("set_language"), {"language": "fr"}).status_code == 302
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_the_next_address_never_leaves_the_site(client, personas):
    device = enrol(personas["focal_a"])
    sign_in(client, "focal_a")
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == HOME


# --- Enrolment at first sign-in ------------------------------------------------------------


def test_first_sign_in_enrols_with_a_qr_code_and_the_key_as_text(client, personas):
    sign_in(client, "investigator_a")
    response = client.get(HOME)
    assert response["Location"].startswith(VERIFY)
    assert client.get(response["Location"])["Location"].startswith(ENROL)
    page = client.get(ENROL).content.decode()
    assert "<svg" in page  # the QR code, inline
    key = secret_on(page)
    assert client.get(ENROL).content.decode().count("data-totp-secret") == 1
    assert secret_on(client.get(ENROL).content.decode()) == key  # same key on reload

    wrong = client.post(ENROL, {"code": "123456"})
    assert "That code does not match" in wrong.content.decode()
    unthrottle(personas["investigator_a"])

    response = client.post(ENROL, {"code": f"{totp(key):06d}"}, follow=True)
    page = response.content.decode()
    assert "shown only once" in page
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=personas["investigator_a"]).count() == 10
    assert client.get(HOME).status_code == 200  # verified by the enrolment
    # Shown once: the page does not show them again.
    again = client.get(reverse("second-factor-recovery-codes"))
    assert again.status_code == 302
    assert AuditEvent.objects.filter(
        action="user.second_factor_enrol", object_id=str(personas["investigator_a"].pk)
    ).exists()


def test_an_enrolled_user_cannot_enrol_again_over_their_device(client, personas):
    device = enrol(personas["focal_a"])
    sign_in(client, "focal_a")
    response = client.get(ENROL)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.get(user=personas["focal_a"]) == device


# --- Recovery codes -----------------------------------------------------------------------


def test_a_recovery_code_signs_in_once(client, personas):
    user = personas["provider"]
    device = services.second_factor_enrolment_start(user=user)
    codes = services.second_factor_enrol(user=user, device=device)
    sign_in(client, "provider")
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get(HOME).status_code == 200
    event = AuditEvent.objects.filter(action="user.second_factor_verify").latest("id")
    assert event.detail == {"method": "recovery_code"}
    client.post(reverse("logout"))
    sign_in(client, "provider")
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200  # used up
    unthrottle(user)
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302


# --- A reset ends the verification of every session -----------------------------------


def test_a_reset_second_factor_sends_the_user_back_to_enrolment(client, personas):
    analyst = personas["analyst"]
    enrol(analyst)
    sign_in(client, "analyst")
    client.post(VERIFY, {"code": code(analyst)})
    assert client.get(HOME).status_code == 200
    assert services.second_factor_reset(actor=personas["admin"], user=analyst) is None
    response = client.get(HOME)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(ENROL)
    assert not TOTPDevice.objects.filter(user=analyst).exists()


def test_a_user_holding_a_case_role_is_reset_only_through_a_request(personas):
    focal = personas["focal_a"]
    enrol(focal)
    request = services.second_factor_reset(actor=personas["admin"], user=focal)
    assert request is not None
    assert TOTPDevice.objects.filter(user=focal).exists()


def test_force_login_in_tests_stands_for_a_full_sign_in(client, personas):
    client.force_login(personas["coordinator"])
    assert client.get(HOME).status_code == 200
    assert Role.COORDINATOR in personas["coordinator"].roles


# --- New recovery codes -------------------------------------------------------------------


def test_new_recovery_codes_replace_the_old_ones(client, personas):
    user = personas["focal_a"]
    old = services.second_factor_enrol(
        user=user, device=services.second_factor_enrolment_start(user=user)
    )
    client.force_login(user)
    assert "New recovery codes" in client.get(HOME).content.decode()
    refused = client.post(reverse("recovery-codes-renew"), follow=True)
    assert "Tick the box to confirm." in refused.content.decode()
    assert StaticToken.objects.filter(device__user=user, token=old[0]).exists()

    response = client.post(reverse("recovery-codes-renew"), {"confirm": "on"}, follow=True)
    new = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(new) == 10
    assert not set(new) & set(old)
    assert not StaticToken.objects.filter(device__user=user, token=old[0]).exists()
    assert AuditEvent.objects.filter(action="user.recovery_codes_renew", actor=user).exists()


def test_new_recovery_codes_need_the_second_factor_first(client, personas):
    user = personas["focal_a"]
    old = services.second_factor_enrol(
        user=user, device=services.second_factor_enrolment_start(user=user)
    )
    sign_in(client, "focal_a")  # the password only
    response = client.post(reverse("recovery-codes-renew"), {"confirm": "on"})
    assert response["Location"].startswith(VERIFY)
    assert StaticToken.objects.filter(device__user=user, token=old[0]).exists()
