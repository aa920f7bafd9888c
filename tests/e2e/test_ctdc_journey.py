"""Issue 14 point 6 in headless Chromium: a counter-trafficking officer uploads a CTDC
file with a mistake, reads the problem, uploads the corrected file, then reads the
k-anonymity summary and downloads the de-identified export; on a 360 px phone, in
English and in Arabic (right to left)."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.factories import OrganisationFactory, UserFactory
from core.roles import Role
from tests.e2e.test_sign_in_journey import sign_in
from trafficking.models import Victim

from ..trafficking.test_ctdc import LAYOUT, synthetic_rows, to_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")  # noqa: S108  (where the brief asks for them)
WIDTH = 360


@pytest.fixture
def officer(db):
    organisation = OrganisationFactory(name="Global Aid International", acronym="GAI")
    return UserFactory(
        username="ct_officer", organisation=organisation, roles=[Role.COUNTER_TRAFFICKING]
    )


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_import_a_ctdc_file_then_export_it(
    chromium,
    live_server,
    officer,
    tmp_path,
    locale,
):
    context = chromium.new_context(viewport={"width": WIDTH, "height": 800}, locale="en-GB")
    page = context.new_page()
    sign_in(page, live_server, "ct_officer")
    if locale == "ar":  # the language chooser of every page
        page.get_by_label("Language").select_option("ar")
        page.get_by_role("button", name="Change").click()
    rows, _expected = synthetic_rows(count=120)
    rows[9]["gender"] = "Robot"
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_bytes(to_csv(rows))
    rows[9]["gender"] = "Female"
    good.write_bytes(to_csv(rows))

    page.goto(f"{live_server.url}/trafficking/import/")
    if locale == "ar":
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("main form button[type=submit]").click()
    problems = page.locator("#problems + table")
    expect(problems).to_contain_text("Robot")
    expect(problems).to_contain_text("gender")
    _shot(page, f"ctdc-import-problem-phone-{locale}")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert not Victim.objects.exists()

    page.locator("input[type=file]").set_input_files(str(good))
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("120")
    assert Victim.objects.filter(organisation=officer.organisation).count() == 120

    page.goto(f"{live_server.url}/trafficking/export/")
    _shot(page, f"ctdc-export-summary-phone-{locale}")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    with page.expect_download() as download:
        page.locator("a[download]").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    assert reader.fieldnames == LAYOUT
    assert 0 < len(list(reader)) <= 120
    context.close()
