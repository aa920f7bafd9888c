import pytest
from django.urls import reverse

from complaints import services
from core.models import AuditEvent, Location

pytestmark = pytest.mark.django_db


def refs(response):
    return response.content.decode()


def test_the_list_filters_by_status_category_location_and_date(
    client, personas, log_complaint, location
):
    coordinator = personas["coordinator"]
    sea = log_complaint(personas["focal_a"], location=location)
    feedback = log_complaint(
        personas["focal_b"], category="programme_feedback", subcategory="", persons=[]
    )
    services.complaint_screen(
        actor=coordinator,
        complaint=feedback,
        classification="programme_feedback",
        priority="low",
        implicated_unknown=True,
    )
    client.force_login(coordinator)
    page = refs(client.get(reverse("complaints:list"), {"category": "sea"}))
    assert sea.reference in page and feedback.reference not in page
    page = refs(client.get(reverse("complaints:list"), {"status": "screened"}))
    assert feedback.reference in page and sea.reference not in page
    page = refs(client.get(reverse("complaints:list"), {"location": location.parent_id}))
    assert sea.reference in page and feedback.reference not in page
    page = refs(client.get(reverse("complaints:list"), {"date_from": "2999-01-01"}))
    assert sea.reference not in page and "No complaints match." in page


def test_the_list_is_paginated(client, personas, log_complaint):
    for _ in range(27):
        log_complaint(personas["focal_a"])
    client.force_login(personas["focal_a"])
    first = refs(client.get(reverse("complaints:list")))
    assert "Page 1 of 2" in first
    assert first.count("<tr>") == 25 + 1  # rows and the header
    assert refs(client.get(reverse("complaints:list"), {"page": 2})).count("<tr>") == 2 + 1


def test_a_focal_point_sees_their_own_organisations_intakes_only(client, personas, log_complaint):
    own = log_complaint(personas["focal_a"])
    other = log_complaint(personas["focal_b"])
    client.force_login(personas["focal_a"])
    page = refs(client.get(reverse("complaints:list")))
    assert own.reference in page and other.reference not in page


def test_administrators_maintain_locations_but_never_see_complaints(client, personas):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:core_location_add"),
        {"name": "Kilis", "level": 1, "code": "TR79", "is_active": "on"},
    )
    assert response.status_code == 302
    location = Location.objects.get(name="Kilis")
    assert AuditEvent.objects.filter(action="location.create", object_id=str(location.pk)).exists()
    assert client.get("/manage/complaints/complaint/").status_code == 404
    assert client.get(reverse("complaints:list")).status_code == 404
    index = refs(client.get(reverse("admin:index")))
    assert "/manage/core/location/" in index
    old_link = client.get("/manage/complaints/location/?level=1")  # a bookmark from before
    assert old_link.status_code == 301
    assert old_link["Location"] == "/manage/core/location/?level=1"
    assert "/manage/complaints/complaint/" not in index


def test_validation_messages_come_in_the_users_language(client, personas):
    from .forms_data import intake_post

    client.force_login(personas["focal_a"])
    client.cookies["django_language"] = "es"
    page = refs(
        client.post(
            reverse("complaints:new"),
            intake_post(incident_date_precision="exact", incident_date="2026-02-31"),
        )
    )
    assert "Escriba una fecha real" in page
    client.cookies["django_language"] = "ar"
    page = refs(client.post(reverse("public:follow_up"), {"code": "AAAA-BBBB-CCCC-DDDD"}))
    assert "هذا الرمز لا يفتح أي بلاغ" in page
