"""The information window: anonymous reports and receipts."""

import re

import pytest
from django.urls import reverse

from complaints import codes, services
from complaints.models import Complaint, Receipt
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

REPORT = reverse("public:report")
FOLLOW_UP = reverse("public:follow_up")
STORY = "A guard at the distribution asked my neighbour for sex for extra rations."


def send_report(client, **extra):
    data = {
        "narrative": STORY,
        "category": "sea",
        "contact": "",
        "location_text": "Camp 4",
        **extra,
    }
    response = client.post(REPORT, data)
    match = re.search(r"data-receipt>([A-Z0-9-]+)<", response.content.decode())
    return response, (match.group(1) if match else None)


@pytest.mark.parametrize("code", ["en", "es", "ar", "tr", "fr"])
def test_the_public_pages_answer_in_each_language_without_login(client, code):
    client.cookies["django_language"] = code
    for address in (reverse("public:information"), REPORT, FOLLOW_UP):
        response = client.get(address)
        assert response.status_code == 200
        assert f'lang="{code}"' in response.content.decode()


def test_the_information_page_says_what_sea_is_and_that_aid_is_never_conditional(client):
    page = client.get(reverse("public:information")).content.decode()
    assert "Aid is never given in exchange for sex" in page
    assert "under 18" in page
    assert "What happens next" in page


def test_public_pages_load_nothing_from_elsewhere(client):
    for address in (reverse("public:information"), REPORT, FOLLOW_UP):
        response = client.get(address)
        page = response.content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', page)
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_a_report_lands_in_the_coordinators_queue_and_gives_a_receipt(client, personas):
    response, code = send_report(client)
    assert response.status_code == 200
    assert code and len(code) == 19
    complaint = Complaint.objects.get()
    assert complaint.source == Complaint.Source.PUBLIC
    assert complaint.status == codes.Status.RECEIVED
    assert complaint.entry_point == codes.EntryPoint.WEB_FORM
    receipt = Receipt.objects.get()
    assert code.replace("-", "")[6:] not in receipt.secret_hash
    assert receipt.secret_hash.startswith(("pbkdf2", "md5", "argon2"))

    client.force_login(personas["coordinator"])
    assert complaint.reference in client.get(reverse("complaints:list")).content.decode()


def test_the_reporter_reads_status_and_feedback_and_adds_information(client, personas):
    _response, code = send_report(client)
    complaint = Complaint.objects.get()
    services.feedback_give(
        actor=personas["coordinator"], complaint=complaint, message="Thank you. Help was offered.",
        channel=codes.FeedbackChannel.RECEIPT,
    )  # fmt: skip
    page = client.post(FOLLOW_UP, {"code": code.lower()}).content.decode()
    assert "waiting to be reviewed" in page
    assert "Help was offered." in page

    page = client.post(
        FOLLOW_UP, {"code": code, "text": "It happened again on Friday."}
    ).content.decode()
    assert "Your information was added" in page
    assert complaint.added_information.get().text == "It happened again on Friday."
    assert AuditEvent.objects.filter(action="complaint.add_information").exists()


def test_the_reporter_reads_again_what_they_sent_and_added(client):
    """Issue 15: the anonymous reporter could not see what they wrote."""
    _response, code = send_report(client)
    client.post(FOLLOW_UP, {"code": code, "text": "He came back on Friday."})
    page = client.post(FOLLOW_UP, {"code": code}).content.decode()
    sent = page[page.index("data-sent") :]
    assert Complaint.objects.get().narrative[:30] in sent
    assert "He came back on Friday." in sent


def test_the_follow_up_page_shows_no_stray_label_for_its_hidden_code(client):
    """Issue 15: a "Code" label stood alone above the add-information box."""
    _response, code = send_report(client)
    page = client.post(FOLLOW_UP, {"code": code}).content.decode()
    assert 'type="hidden" name="code"' in page
    assert ">Code</label>" not in page


def test_a_wrong_receipt_gets_a_clear_message_and_no_report(client):
    send_report(client)
    response = client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD"})
    page = response.content.decode()
    assert "This code does not open any report." in page
    assert "guard at the distribution" not in page


def test_a_wrong_receipt_cannot_add_information(client):
    send_report(client)
    client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD", "text": "spam"})
    assert not Complaint.objects.get().added_information.exists()


def test_an_empty_report_is_refused_kindly(client):
    response = client.post(REPORT, {"narrative": "", "category": "sea"})
    assert "Please tell us what happened." in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_reporter_address_is_neither_stored_nor_logged(client, caplog):
    caplog.set_level("DEBUG")
    send_report(client, REMOTE_ADDR="203.0.113.77")
    client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD"}, REMOTE_ADDR="203.0.113.77")
    assert "203.0.113.77" not in caplog.text
    from django.db import connection

    for model in (Complaint, Receipt, AuditEvent):
        for row in model.objects.values():
            assert "203.0.113.77" not in str(row)
    assert connection.vendor  # the address lives only as a keyed hash in the cache


def test_floods_and_guessing_are_rate_limited(client, settings):
    settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR = 3
    from django.core.cache import cache

    cache.clear()
    statuses = [
        client.post(FOLLOW_UP, {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    settings.AMANA_PUBLIC_REPORTS_PER_HOUR = 2
    cache.clear()
    statuses = [send_report(client)[0].status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert Complaint.objects.count() == 2


def test_a_robot_filling_the_hidden_field_saves_nothing(client):
    response, _code = send_report(client, website="http://spam.example")
    assert response.status_code == 200
    assert Complaint.objects.count() == 0


def test_the_same_form_sent_twice_makes_one_report(client):
    key = "6f1c1f0e-8d4b-4b7e-9a51-2b8f1f8f0a11"
    _first, code = send_report(client, submission_key=key)
    second, again = send_report(client, submission_key=key)
    assert code and again is None
    assert "already been received" in second.content.decode()
    assert Complaint.objects.count() == 1


def test_behind_a_proxy_clients_are_told_apart_by_the_address_it_saw(client, settings):
    from core.ratelimit import client_key

    class Request:
        def __init__(self, forwarded):
            self.META = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": forwarded}

    settings.AMANA_TRUSTED_PROXIES = 1
    assert client_key(Request("198.51.100.1")) != client_key(Request("198.51.100.2"))
    # A client cannot choose its key by sending its own header: the proxy's entry counts.
    assert client_key(Request("1.2.3.4, 198.51.100.1")) == client_key(Request("198.51.100.1"))
    settings.AMANA_TRUSTED_PROXIES = 0
    assert client_key(Request("198.51.100.1")) == client_key(Request("198.51.100.2"))


def test_a_reporter_reading_the_report_is_audited(client):
    _response, code = send_report(client)
    client.post(FOLLOW_UP, {"code": code})
    event = AuditEvent.objects.get(action="complaint.view")
    assert (event.actor, event.actor_role, event.detail) == (None, "reporter", {"identity": False})
