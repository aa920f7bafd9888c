"""The intake form as a focal point uses it, without JavaScript."""

import pytest
from django.urls import reverse

from complaints import codes
from complaints.models import Complaint

from .conftest import CANARY_NAME, CANARY_STORY
from .forms_data import intake_post

pytestmark = pytest.mark.django_db

NEW = reverse("complaints:new")


@pytest.fixture
def focal(client, personas):
    client.force_login(personas["focal_a"])
    return client


def test_a_focal_point_logs_a_complaint_and_sees_its_reference(focal):
    response = focal.post(NEW, intake_post(survivors=[{"name": "A"}, {"name": "B"}]))
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:submitted", args=[complaint.reference])
    page = focal.get(response["Location"]).content.decode()
    assert complaint.reference in page
    assert "What happens next" in page
    assert complaint.persons.filter(is_survivor=True).count() == 2
    assert complaint.persons.filter(is_perpetrator=True).count() == 1


def test_add_another_survivor_keeps_everything_typed(focal):
    data = intake_post(action="add_survivor")
    response = focal.post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert CANARY_NAME in page
    assert CANARY_STORY in page
    assert 'name="survivor-TOTAL_FORMS" value="2"' in page
    assert 'name="survivor-1-name"' in page
    assert 'role="alert"' not in page  # no errors shown for a row just added
    assert Complaint.objects.count() == 0


def test_invalid_input_is_explained_and_nothing_typed_is_lost(focal):
    data = intake_post(
        incident_date_precision="exact", incident_date="2026-02-31", entry_point="carrier-pigeon"
    )
    response = focal.post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real date" in page
    assert "Select a valid choice" in page
    assert CANARY_NAME in page
    assert CANARY_STORY in page
    assert Complaint.objects.count() == 0


def test_a_future_incident_date_is_refused(focal):
    response = focal.post(
        NEW, intake_post(incident_date_precision="exact", incident_date="2999-01-01")
    )
    assert "The incident date is in the future." in response.content.decode()


def test_a_double_click_creates_one_complaint(focal):
    data = intake_post()
    first = focal.post(NEW, data)
    second = focal.post(NEW, data)
    assert Complaint.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_draft_is_saved_and_finished_later(focal):
    response = focal.post(NEW, intake_post(action="save_draft", narrative=""))
    draft = Complaint.objects.get()
    assert draft.status == codes.Status.DRAFT
    assert response["Location"] == reverse("complaints:edit", args=[draft.reference])
    page = focal.get(response["Location"]).content.decode()
    assert CANARY_NAME in page  # the draft comes back as typed

    data = intake_post()
    data["submission_key"] = str(draft.submission_key)
    response = focal.post(reverse("complaints:edit", args=[draft.reference]), data)
    assert response["Location"] == reverse("complaints:submitted", args=[draft.reference])
    draft.refresh_from_db()
    assert draft.status == codes.Status.RECEIVED


def test_the_form_works_on_a_phone_without_javascript(focal):
    page = focal.get(NEW).content.decode()
    assert 'name="viewport"' in page
    assert 'name="add_survivor"' in page  # a real submit button, not a script
    assert 'enctype="multipart/form-data"' in page
    for label in ("Entry point", "What happened", "Survivors", "Alleged perpetrators"):
        assert label in page


def test_a_complaint_from_a_box_opened_later_is_back_dated(focal, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.AMANA_OPERATION_TIME_ZONE = "Europe/Istanbul"
    received = timezone.localdate() - timedelta(days=3)
    focal.post(NEW, intake_post(received_on=received.isoformat()))
    complaint = Complaint.objects.get()
    assert complaint.received_at.astimezone(complaint.received_at.tzinfo).date() == received


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"received_on": "2999-01-01"}, "The date received is in the future."),
        (
            {
                "received_on": "2026-01-01",
                "incident_date_precision": "exact",
                "incident_date": "2026-02-01",
            },
            "cannot be received before the incident",
        ),
    ],
)
def test_an_impossible_date_received_is_refused(focal, fields, message):
    page = focal.post(NEW, intake_post(**fields)).content.decode()
    assert message in page
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("count", ["abc", "-5", "100000"])
def test_a_tampered_row_count_gets_a_page_not_an_error(focal, count):
    data = intake_post(action="add_survivor")
    data["survivor-TOTAL_FORMS"] = count
    response = focal.post(NEW, data)
    assert response.status_code == 200
    assert 'name="survivor-20-name"' not in response.content.decode()  # never more than 20 rows
    data = intake_post()
    data["survivor-TOTAL_FORMS"] = count
    assert focal.post(NEW, data).status_code in (200, 302)


def test_opening_a_draft_is_audited(focal, personas):
    from core.models import AuditEvent

    focal.post(NEW, intake_post(action="save_draft", narrative=""))
    draft = Complaint.objects.get()
    focal.get(reverse("complaints:edit", args=[draft.reference]))
    event = AuditEvent.objects.get(action="complaint.view")
    assert (event.actor, event.detail) == (personas["focal_a"], {"identity": True})


def test_a_reopened_form_keeps_each_perpetrators_agency_selected(client, personas, agency_b):
    """The perpetrator forms share one list of agencies; each still shows its own choice."""
    from complaints import forms

    intake = forms.Intake(
        initial={"perpetrators": [{"name": "A", "affiliation": agency_b}, {"name": "B"}]}
    )
    first, second = (form["affiliation"].as_widget() for form in intake.perpetrators.forms[:2])
    assert f'<option value="{agency_b.pk}" selected>' in first
    assert " selected>" not in second.replace('<option value="" selected>', "")


def test_a_complainant_met_in_person_gets_a_receipt_code_once(client, personas):
    """Issue 15's in-person receipt, needed by issue 11's journey: whoever chose to follow
    up by receipt gets a code, shown once, that opens the report on the public pages."""
    from complaints.models import Receipt

    client.force_login(personas["focal_a"])
    data = intake_post(feedback_channel="receipt")
    page = client.post(reverse("complaints:new"), data).content.decode()
    assert "data-receipt" in page
    assert Receipt.objects.count() == 1
    again = client.post(reverse("complaints:new"), data)  # the same form sent again
    assert again.status_code == 302
    assert Receipt.objects.count() == 1
