"""Who may read and keep the service map and the information pages, as a table."""

import pytest
from django.urls import reverse

from core.audit import audit_trail_for
from pathways.models import ServicePoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def points(add_point, agency_a, agency_b, provider_org, places):
    """One point of each organisation."""
    return {
        org: add_point(org, "medical", [places["gaziantep"]])
        for org in (agency_a, agency_b, provider_org)
    }


def _user(name, personas, trafficking_a):
    return trafficking_a if name == "trafficking_a" else personas.get(name)


# persona -> (reads the map, may add, edits the point of: ...)
MATRIX = {
    "coordinator": (200, 200, {"AGA": 200, "AGB": 200, "HC": 200}),
    "focal_a": (200, 200, {"AGA": 200, "AGB": 404, "HC": 404}),
    "focal_b": (200, 200, {"AGA": 404, "AGB": 200, "HC": 404}),
    "provider": (200, 200, {"AGA": 404, "AGB": 404, "HC": 200}),
    "trafficking_a": (200, 200, {"AGA": 200, "AGB": 404, "HC": 404}),
    "investigator_a": (200, 404, {"AGA": 404, "AGB": 404, "HC": 404}),
    "analyst": (200, 404, {"AGA": 404, "AGB": 404, "HC": 404}),
    "admin": (200, 404, {"AGA": 404, "AGB": 404, "HC": 404}),
}


@pytest.mark.parametrize("persona", MATRIX)
def test_the_map_permission_matrix(client, personas, trafficking_a, points, persona):
    reads, adds, edits = MATRIX[persona]
    client.force_login(_user(persona, personas, trafficking_a))
    assert client.get(reverse("pathways:services")).status_code == reads
    assert client.get(reverse("pathways:service-print")).status_code == reads
    assert client.get(reverse("pathways:service-add")).status_code == adds
    for org, point in points.items():
        expected = edits[org.acronym]
        assert client.get(reverse("pathways:service-edit", args=[point.pk])).status_code == expected
        response = client.post(reverse("pathways:service-deactivate", args=[point.pk]))
        assert response.status_code == (302 if expected == 200 else 404)
        point.refresh_from_db()
        assert point.is_active is (expected != 200)


def test_anonymous_is_sent_to_sign_in_from_staff_pages(client, points):
    point = next(iter(points.values()))
    for address in (
        reverse("pathways:services"),
        reverse("pathways:service-add"),
        reverse("pathways:service-edit", args=[point.pk]),
        reverse("pathways:windows"),
        reverse("pathways:window-text", args=["x", "es"]),
    ):
        response = client.get(address)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_a_keeper_adds_a_point_of_their_own_organisation_only(
    client, personas, agency_a, agency_b, places
):
    client.force_login(personas["focal_b"])
    form = client.get(reverse("pathways:service-add")).context["form"]
    assert list(form.fields["organisation"].queryset) == [agency_b]
    data = {
        "organisation": agency_a.pk, "service": "legal", "name": "Not mine",
        "locations": [places["hatay"].pk], "ages_served": "all", "sexes_served": "all",
        "cost": "free",
    }  # fmt: skip
    response = client.post(reverse("pathways:service-add"), data)
    assert response.status_code == 200  # the form again, with the error
    assert not ServicePoint.objects.filter(name="Not mine").exists()
    data.update(organisation=agency_b.pk, name="Mine")
    assert client.post(reverse("pathways:service-add"), data).status_code == 302
    point = ServicePoint.objects.get(name="Mine")
    assert point.organisation == agency_b and point.updated_by == personas["focal_b"]
    event = audit_trail_for(point).get()
    assert event.action == "servicepoint.create" and event.actor_role == "focal_point"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("focal_a", 404), ("provider", 404), ("analyst", 404)],
)
def test_only_the_coordinator_keeps_the_information_pages(
    client, personas, window, persona, status
):
    client.force_login(personas[persona])
    assert client.get(reverse("pathways:windows")).status_code == status
    assert client.get(reverse("pathways:window-add")).status_code == status
    assert client.get(reverse("pathways:window-edit", args=["gaziantep"])).status_code == status
    assert (
        client.get(reverse("pathways:window-text", args=["gaziantep", "fr"])).status_code == status
    )
    response = client.post(
        reverse("pathways:window-text", args=["gaziantep", "fr"]), {"title": "Aide", "body": "x"}
    )
    assert response.status_code == (302 if status == 200 else 404)


def test_anonymous_reads_the_public_pages_only(client, window):
    assert client.get(reverse("info:index")).status_code == 200
    assert client.get(reverse("info:window", args=["gaziantep"])).status_code == 200
    assert client.get(reverse("info:poster", args=["gaziantep"])).status_code == 200
    assert client.get(reverse("info:services")).status_code == 200
    assert client.get(reverse("info:window", args=["nowhere"])).status_code == 404


def test_an_unpublished_window_is_not_public(client, personas, window):
    window.is_published = False
    window.save()
    assert client.get(reverse("info:window", args=["gaziantep"])).status_code == 404
    assert "Help in Gaziantep" not in client.get(reverse("info:index")).content.decode()


def test_a_new_point_publishes_every_field_but_the_address_by_default(client, personas):
    client.force_login(personas["coordinator"])
    form = client.get(reverse("pathways:service-add")).context["form"]
    assert "address" not in form["published_fields"].value()
    assert "contact_phone" in form["published_fields"].value()
