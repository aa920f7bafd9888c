"""Test helpers for the second factor (core.second_factor): enrol an account with a known
key and compute the code an authenticator app would show (django_otp.oath.totp; pyotp is
not installed), a code the device has not accepted yet (each code works once)."""

import time

from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import second_factor
from core.models import User

KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test key, hex


def enrol(user: User) -> TOTPDevice:
    """A confirmed authenticator with the known key, as if the user had enrolled."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, key=KEY, confirmed=True, name="test")
    if user.second_factor_since is None:
        user.second_factor_since = timezone.now()
        User.objects.filter(pk=user.pk).update(second_factor_since=user.second_factor_since)
    return device


def code_for(device: TOTPDevice) -> str:
    """The next code `device` accepts: now's, or the next step's if now's was used."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    offset = max(0, device.last_t + 1 - now)
    assert offset <= device.tolerance, "codes used up for now: wait for the next step"
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def code(user: User) -> str:
    return code_for(enrol(user))


def verify_session(client: Client, user: User) -> None:
    """Mark the client's session as past the second factor, as entering a code does."""
    if user.second_factor_since is None:
        user.second_factor_since = timezone.now()
        User.objects.filter(pk=user.pk).update(second_factor_since=user.second_factor_since)
    session = client.session
    session[second_factor.SESSION_KEY] = second_factor._mark(user)
    session.save()
