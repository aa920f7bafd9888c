"""The public report's proof of work in a real browser (issue 12, point 4)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from complaints.models import Complaint
from core import proof_of_work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_does_the_work_while_the_reporter_writes(live_server, phone, settings):
    settings.AMANA_PUBLIC_POW_BITS = 16  # what a reporter's phone is asked by default
    phone.goto(f"{live_server.url}/report/new/")
    nonce = phone.locator("input[name=pow_nonce]")
    expect(nonce).not_to_have_value("", timeout=30_000)
    challenge = phone.locator("input[name=pow_challenge]").input_value()
    assert proof_of_work.verify(challenge, nonce.input_value())


def test_a_report_sent_before_the_work_ends_waits_for_it_and_counts_as_work(
    live_server, phone, settings, client
):
    # This address has used up its reports without work: the browser's report goes
    # through only with a valid proof.
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    settings.AMANA_PUBLIC_POW_BITS = 19
    client.post(reverse("public:report"), {}, REMOTE_ADDR="127.0.0.1")
    phone.goto(f"{live_server.url}/report/new/")
    phone.get_by_label("What happened? Who, where and when, as far as you know.").fill(
        "A driver asked for sex in exchange for a seat on the truck."
    )
    phone.get_by_role("button", name="Send report").click()
    expect(phone.locator("[data-receipt]")).to_be_visible(timeout=60_000)
    assert Complaint.objects.count() == 1
