"""The anonymous channel cannot be shut by one client (issue 12, point 4).

Each test reproduces what an attacker did: floods from one address, then a real reporter
from another address; refused reports must keep what the reporter typed.
"""

import hashlib
import re
import uuid

import pytest
from django.urls import reverse

from complaints import services
from complaints.models import AddedInformation, Complaint
from core import proof_of_work

pytestmark = pytest.mark.django_db

REPORT = reverse("public:report")
FOLLOW_UP = reverse("public:follow_up")
ATTACKER = "198.51.100.66"
REPORTER = "203.0.113.10"
STORY = "The water point guard asked my sister for sex to let her fill the jerrycans."


def send_report(client, address, **extra):
    """A report from the form without JavaScript: no proof of work."""
    data = {"narrative": STORY, "category": "sea", **extra}
    response = client.post(REPORT, data, REMOTE_ADDR=address)
    match = re.search(r"data-receipt>([A-Z0-9-]+)<", response.content.decode())
    return response, (match.group(1) if match else None)


def solve(challenge: str) -> str:
    """What the browser's script does: find a nonce whose hash starts with enough zeros."""
    bits = proof_of_work.bits_of(challenge)
    nonce = 0
    while True:
        digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
        if int.from_bytes(digest, "big") >> (256 - bits) == 0:
            return str(nonce)
        nonce += 1


def challenge_in(page: str) -> str:
    match = re.search(r'data-challenge="([^"]+)"', page)
    assert match, "the report form carries a proof-of-work challenge"
    return match.group(1)


def report_with_work(client, address=REPORTER, **extra):
    challenge = challenge_in(client.get(REPORT).content.decode())
    data = {
        "narrative": STORY,
        "category": "sea",
        "submission_key": str(uuid.uuid4()),
        "pow_challenge": challenge,
        "pow_nonce": solve(challenge),
        **extra,
    }
    return client.post(REPORT, data, REMOTE_ADDR=address)


@pytest.fixture(autouse=True)
def _cheap_work(settings):
    settings.AMANA_PUBLIC_POW_BITS = 8  # the browser does 16 or more; tests stay fast


def test_two_hundred_empty_posts_from_one_address_do_not_stop_another_reporter(client):
    for _ in range(200):
        client.post(REPORT, {}, REMOTE_ADDR=ATTACKER)
    response = client.post(REPORT, {"narrative": STORY, "category": "sea"}, REMOTE_ADDR=REPORTER)
    assert response.status_code == 200
    assert "data-receipt" in response.content.decode()
    assert Complaint.objects.count() == 1


def test_two_hundred_receipt_guesses_from_one_address_do_not_stop_another_reporter(client):
    _response, code = send_report(client, REPORTER)
    for _ in range(200):
        client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR=ATTACKER)
    page = client.post(FOLLOW_UP, {"code": code}, REMOTE_ADDR=REPORTER).content.decode()
    assert "waiting to be reviewed" in page
    response = client.post(FOLLOW_UP, {"code": code, "text": "More."}, REMOTE_ADDR=REPORTER)
    assert "Your information was added" in response.content.decode()


def test_a_refused_report_keeps_everything_typed_with_one_clear_message(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    send_report(client, ATTACKER)
    key = str(uuid.uuid4())
    response = client.post(
        REPORT,
        {
            "narrative": STORY,
            "category": "sea",
            "location_text": "Block 7",
            "contact": "+90 555 000 1111",
            "is_survivor": "on",
            "submission_key": key,
        },
        REMOTE_ADDR=ATTACKER,
    )
    assert response.status_code == 429
    assert response["Retry-After"]
    page = response.content.decode()
    assert STORY in page
    assert 'value="Block 7"' in page
    assert 'value="+90 555 000 1111"' in page
    assert re.search(r'name="is_survivor"[^>]*checked', page)
    assert 'value="sea" selected' in page
    assert key in page  # sending it again later still makes one report
    assert page.count('role="alert"') == 1
    assert "Your report is not sent yet" in page
    assert Complaint.objects.count() == 1


def test_a_report_with_proof_of_work_goes_through_where_one_without_is_refused(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    send_report(client, ATTACKER)
    assert send_report(client, ATTACKER)[0].status_code == 429
    response = report_with_work(client, address=ATTACKER)
    assert response.status_code == 200
    assert "data-receipt" in response.content.decode()
    assert Complaint.objects.count() == 2


def test_a_solved_challenge_is_used_once(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    challenge = challenge_in(client.get(REPORT).content.decode())
    nonce = solve(challenge)

    def post():
        data = {"narrative": STORY, "category": "sea", "pow_challenge": challenge}
        return client.post(REPORT, {**data, "pow_nonce": nonce}, REMOTE_ADDR=ATTACKER)

    assert post().status_code == 200
    # The same solution again is a report without work: the stricter limit answers.
    assert post().status_code == 200
    assert post().status_code == 429
    assert Complaint.objects.count() == 2


def test_a_wrong_or_forged_solution_counts_as_no_work(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    send_report(client, ATTACKER)
    challenge = challenge_in(client.get(REPORT).content.decode())
    nonce = solve(challenge)
    forged = challenge.replace(challenge[0], "x" if challenge[0] != "x" else "y", 1)
    for data in (
        {"pow_challenge": challenge, "pow_nonce": str(int(nonce) + 1) + "junk"},
        {"pow_challenge": forged, "pow_nonce": nonce},
        {"pow_challenge": "", "pow_nonce": nonce},
    ):
        response = client.post(
            REPORT, {"narrative": STORY, "category": "sea", **data}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 429
    assert Complaint.objects.count() == 1


def test_each_client_is_still_limited_with_proof_of_work(client, settings):
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 1
    statuses = [report_with_work(client, address=ATTACKER).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert report_with_work(client, address=REPORTER).status_code == 200


def test_the_work_asked_grows_with_load_and_stays_bounded(settings):
    settings.AMANA_PUBLIC_POW_BITS = 16
    assert proof_of_work.bits_for_load(0) == 16
    assert proof_of_work.bits_for_load(49) == 16
    assert proof_of_work.bits_for_load(50) == 17
    assert proof_of_work.bits_for_load(150) == 18
    assert proof_of_work.bits_for_load(10**9) == 16 + proof_of_work.MAX_EXTRA_BITS


def test_the_report_page_loads_its_script_from_here_and_works_without_it(client):
    page = client.get(REPORT).content.decode()
    assert re.search(r'<script src="/static/amana/proof_of_work\.js"', page)
    # No JavaScript: the form posts as it is, with empty proof-of-work fields.
    assert 'name="pow_nonce" value=""' in page


def test_a_refused_receipt_lookup_keeps_the_code_with_one_message(client, settings):
    settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR = 1
    client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR=ATTACKER)
    response = client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDE"}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429
    page = response.content.decode()
    assert 'value="AAAA-BBBB-CCCC-DDDE"' in page
    assert page.count('role="alert"') == 1


def test_refused_added_information_keeps_the_text(client, settings):
    _response, code = send_report(client, REPORTER)
    settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR = 1
    client.post(FOLLOW_UP, {"code": code}, REMOTE_ADDR=REPORTER)
    response = client.post(
        FOLLOW_UP, {"code": code, "text": "He came back on Friday."}, REMOTE_ADDR=REPORTER
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "He came back on Friday." in page
    assert page.count('role="alert"') == 1
    assert "water point guard" not in page  # nothing of the report is shown
    assert not AddedInformation.objects.exists()


def test_guessing_one_receipt_from_many_addresses_is_throttled_per_prefix(client):
    _response, code = send_report(client, REPORTER)
    prefix = services.normalise_receipt(code)[:6]
    wrong = f"{prefix}AAAAAAAAAA"
    statuses = [
        client.post(FOLLOW_UP, {"code": wrong}, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(1, 16)
    ]
    assert statuses[:10] == [200] * 10
    assert set(statuses[10:]) == {429}
    # Other receipts are not affected.
    _response, other = send_report(client, "192.0.2.200")
    page = client.post(FOLLOW_UP, {"code": other}, REMOTE_ADDR="192.0.2.201").content.decode()
    assert "waiting to be reviewed" in page


def test_a_form_sent_again_with_other_words_is_a_new_report_once_confirmed(client):
    key = str(uuid.uuid4())
    send_report(client, REPORTER, submission_key=key)
    response, code = send_report(
        client, REPORTER, submission_key=key, narrative="Something else happened too."
    )
    page = response.content.decode()
    assert code is None
    assert "This form was already sent, with other words." in page
    assert "Something else happened too." in page
    assert key not in page  # a fresh key: sending again makes the second report
    assert Complaint.objects.count() == 1
