"""The first journey of every user: sign in on a phone, switch language, sign out."""

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from core.models import User
from tests.conftest import PASSWORD
from tests.second_factor import code, enrol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    """Password, then the code of the user's authenticator (enrolled beforehand)."""
    user = User.objects.get(username=username)
    enrol(user)
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    enter_code(page, code(user))


def enter_code(page, value):
    """The second-factor page, whatever the language: its one text field and button."""
    expect(page.locator("#id_code")).to_be_visible()
    page.locator("#id_code").fill(value)
    page.locator("main form button[type=submit]").click()


def test_a_focal_point_signs_in_on_a_phone_reads_arabic_and_signs_out(
    live_server, personas, phone, screenshot
):
    phone.goto(f"{live_server.url}/")
    expect(phone).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    screenshot(phone, "01-login-phone")

    focal = User.objects.get(username="focal_a")
    enrol(focal)
    phone.get_by_label("Username").fill("focal_a")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Enter your code")
    screenshot(phone, "01b-second-factor-phone")
    enter_code(phone, code(focal))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome, focal_a")
    expect(phone.get_by_text("Agency A (AGA)")).to_be_visible()
    screenshot(phone, "02-home-phone")

    phone.get_by_label("Language").select_option("ar")
    phone.get_by_role("button", name="Change").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_role("button", name="تسجيل الخروج")).to_be_visible()
    screenshot(phone, "03-home-arabic-phone")

    phone.get_by_role("button", name="تسجيل الخروج").click()
    expect(phone).to_have_url(f"{live_server.url}/accounts/login/")
    phone.goto(f"{live_server.url}/")
    expect(phone).to_have_url(f"{live_server.url}/accounts/login/?next=/")  # session gone


def test_a_wrong_password_keeps_the_username_and_says_what_to_do(live_server, personas, phone):
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.get_by_label("Username").fill("focal_a")
    phone.get_by_label("Password").fill("wrong password")
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("alert")).to_contain_text("That username and password")
    expect(phone.get_by_label("Username")).to_have_value("focal_a")


def test_an_administrator_reaches_the_accounts(live_server, personas, phone, screenshot):
    sign_in(phone, live_server, "admin")
    phone.get_by_role("link", name="Accounts").click()
    phone.get_by_role("link", name="Users").first.click()
    expect(phone.get_by_role("link", name="focal_b")).to_be_visible()
    screenshot(phone, "04-admin-users-phone")


def test_first_sign_in_sets_up_the_second_factor_on_a_phone(
    live_server, personas, phone, screenshot
):
    phone.goto(f"{live_server.url}/")
    phone.get_by_label("Username").fill("investigator_a")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Set up your second factor")
    expect(phone.locator(".qr svg")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone
    screenshot(phone, "05-second-factor-enrol-phone")
    secret = phone.locator("[data-totp-secret]").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    enter_code(phone, f"{totp(key):06d}")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(phone.locator("[data-recovery-codes] li")).to_have_count(10)
    screenshot(phone, "06-recovery-codes-phone")
    phone.get_by_role("link", name="I have kept them: continue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Welcome, investigator_a")
