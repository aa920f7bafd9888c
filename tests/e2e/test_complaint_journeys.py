"""The journeys of issue 3, in headless Chromium on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

from complaints import codes, services
from complaints.models import Complaint

from .test_sign_in_journey import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_focal_point_logs_a_complaint_with_two_survivors_and_one_perpetrator(
    live_server, personas, phone, screenshot
):
    sign_in(phone, live_server, "focal_a")
    phone.get_by_role("link", name="Log a complaint").first.click()
    phone.get_by_label("Entry point").select_option("hotline")
    phone.get_by_label("What is it about?").select_option("sea")
    phone.get_by_label("Type, if known").select_option("transactional_sex")
    phone.get_by_label("What happened, in the complainant's words").fill(
        "Two sisters were asked for sex in exchange for shelter kits."
    )
    phone.locator("#id_survivor-0-name").fill("First Sister")
    phone.locator("#id_survivor-0-age_group").select_option("12-17")
    phone.get_by_role("button", name="Add another survivor").click()
    phone.locator("#id_survivor-1-name").fill("Second Sister")
    phone.locator("#id_survivor-1-age_group").select_option("18-25")
    phone.locator("#id_perpetrator-0-name").fill("Shelter Distributor")
    phone.locator("#id_perpetrator-0-affiliation").select_option(label="AGB")
    screenshot(phone, "10-intake-phone")
    phone.get_by_role("button", name="Submit for screening").click()

    expect(phone.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    complaint = Complaint.objects.get()
    expect(phone.locator(".reference")).to_have_text(complaint.reference)
    screenshot(phone, "11-intake-submitted-phone")
    assert complaint.persons.filter(is_survivor=True).count() == 2
    assert complaint.persons.filter(is_perpetrator=True).count() == 1
    assert complaint.is_child_case


def test_a_member_of_the_public_reports_and_later_reads_the_feedback(
    live_server, personas, phone, screenshot
):
    phone.goto(f"{live_server.url}/report/")
    screenshot(phone, "20-public-information-phone")
    phone.get_by_role("link", name="Report now").click()
    phone.get_by_label("What happened? Who, where and when, as far as you know.").fill(
        "The man handing out cash cards asked my friend to come to his car."
    )
    phone.get_by_role("button", name="Send report").click()
    code = phone.locator("[data-receipt]").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    screenshot(phone, "21-public-receipt-phone")

    complaint = Complaint.objects.get()
    services.feedback_give(
        actor=personas["coordinator"], complaint=complaint,
        message="Thank you. The agency concerned has been informed and help is available.",
        channel=codes.FeedbackChannel.RECEIPT,
    )  # fmt: skip

    phone.goto(f"{live_server.url}/report/follow-up/")
    phone.get_by_label("Your receipt code").fill(code)
    phone.get_by_role("button", name="Open").click()
    expect(phone.get_by_text("The agency concerned has been informed")).to_be_visible()
    screenshot(phone, "22-public-follow-up-phone")


def test_the_public_report_in_arabic_reads_right_to_left(live_server, chromium, screenshot):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    page.goto(f"{live_server.url}/report/new/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    screenshot(page, "23-public-report-arabic-phone")
    context.close()
