from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.factories import OrganisationFactory
from core.models import AuditEvent
from focalpoints import selectors, services
from focalpoints.models import FocalPoint

pytestmark = pytest.mark.django_db


def form_data(organisation, **fields):
    return {
        "organisation": organisation.pk, "kind": "focal_point", "name": "Ana Pérez", "title": "Protection officer",
        "email": "ana@example.org", "phone": "+58 212 555 0101", "appointed_on": "2026-02-01", "ends_on": "",
        "languages": ["es", "en"], **fields,
    }  # fmt: skip


def test_a_focal_point_adds_and_edits_their_own_agencys_entries(client, personas, agency_a):
    client.force_login(personas["focal_a"])
    response = client.post(reverse("focalpoints:add"), form_data(agency_a))
    assert response.status_code == 302
    focal_point = FocalPoint.objects.get(name="Ana Pérez")
    assert focal_point.languages == ["es", "en"]
    assert AuditEvent.objects.filter(action="focalpoint.create", actor=personas["focal_a"]).exists()
    response = client.post(
        reverse("focalpoints:edit", args=[focal_point.pk]),
        form_data(agency_a, title="Senior officer"),
    )
    assert response.status_code == 302
    focal_point.refresh_from_db()
    assert focal_point.title == "Senior officer"


def test_a_focal_point_cannot_touch_another_agencys_entries(
    client, personas, agency_a, agency_b, make_focal_point
):
    other = make_focal_point(agency_b, "Omar Haddad")
    client.force_login(personas["focal_a"])
    assert client.get(reverse("focalpoints:edit", args=[other.pk])).status_code == 403
    assert (
        client.post(
            reverse("focalpoints:end", args=[other.pk]), {"ends_on": "2026-03-01"}
        ).status_code
        == 403
    )
    response = client.post(reverse("focalpoints:add"), form_data(agency_b, name="Sneaky Entry"))
    assert "Select a valid choice" in response.content.decode()
    assert not FocalPoint.objects.filter(name="Sneaky Entry").exists()
    other.refresh_from_db()
    assert other.is_active


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("focal_a", 200),
        ("investigator_a", 200),
        ("provider", 200),
        ("analyst", 200),
        ("admin", 200),
    ],
)
def test_network_members_see_the_registry(client, personas, persona, status):
    client.force_login(personas[persona])
    assert client.get(reverse("focalpoints:registry")).status_code == status
    assert client.get(reverse("focalpoints:registry-csv")).status_code == status


def test_a_non_member_or_anonymous_visitor_sees_no_registry(client, personas, agency_b):
    agency_b.network_member = False
    agency_b.save()
    client.force_login(personas["focal_b"])
    assert client.get(reverse("focalpoints:registry")).status_code == 404
    assert client.get(reverse("focalpoints:registry-csv")).status_code == 404
    client.logout()
    assert client.get(reverse("focalpoints:registry")).status_code == 302


def test_the_public_directory_shows_only_published_contacts_of_serving_focal_points(
    client, agency_a, agency_b, make_focal_point
):
    make_focal_point(agency_a, "Published Person", publish_phone=True, email="hidden@example.org")
    ended = make_focal_point(agency_b, "Former Person", publish_phone=True)
    services.focal_point_end(actor=None, focal_point=ended, ends_on=date(2026, 3, 1))
    make_focal_point(
        agency_b,
        "Expired Term",
        publish_phone=True,
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    page = client.get(reverse("directory")).content.decode()
    assert "Published Person" in page
    assert "+90 342 555 0101" in page
    assert "hidden@example.org" not in page
    assert "Former Person" not in page
    assert "Expired Term" not in page
    assert "Agency B" not in page  # nobody serving: not listed


def test_ending_a_term_keeps_the_history(client, personas, agency_a, make_focal_point):
    first = make_focal_point(agency_a, "First Person")
    services.focal_point_end(
        actor=personas["coordinator"], focal_point=first, ends_on=date(2026, 6, 30)
    )
    make_focal_point(agency_a, "Second Person", appointed_on=date(2026, 7, 1))
    org = selectors.registry(organisation=agency_a)[0]
    assert [fp.name for fp in org.current] == ["Second Person"]
    assert [fp.name for fp in org.history] == ["First Person"]
    assert first.serving_on(date(2026, 3, 1))  # who was focal point then
    assert not first.serving_on(date(2026, 8, 1))
    client.force_login(personas["focal_a"])
    page = client.get(reverse("focalpoints:registry")).content.decode()
    assert "First Person" in page.split("History")[1]


def test_gaps_are_visible(client, personas, agency_a, agency_b, make_focal_point):
    make_focal_point(agency_a, "Old Term", ends_on=timezone.localdate() - timedelta(days=1))
    client.force_login(personas["coordinator"])
    page = client.get(reverse("focalpoints:registry")).content.decode()
    assert page.count('data-gap="none"') >= 2  # agency A (term ended) and agency B (nobody)
    assert 'data-gap="ended"' in page
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert 'data-metric="with-fp">0 /' in dashboard


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ends_on": "2026-01-01"}, "The end date is before the start date."),
        ({"email": "ana(at)example"}, "Enter a valid email address."),
        ({"phone": "call me maybe"}, "Enter a phone number of digits"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, personas, agency_a, fields, message
):
    client.force_login(personas["coordinator"])
    page = client.post(reverse("focalpoints:add"), form_data(agency_a, **fields)).content.decode()
    assert message in page
    assert "Protection officer" in page
    assert not FocalPoint.objects.exists()


def test_the_same_person_is_not_registered_twice(client, personas, agency_a, make_focal_point):
    make_focal_point(agency_a, "Ana Pérez", email="ana@example.org")
    client.force_login(personas["coordinator"])
    page = client.post(
        reverse("focalpoints:add"), form_data(agency_a, name="ANA PÉREZ ")
    ).content.decode()
    assert "is already registered as an active focal point of AGA" in page
    assert FocalPoint.objects.count() == 1


def test_the_csv_export_lists_every_term(client, personas, agency_a, make_focal_point):
    make_focal_point(agency_a, "Csv Person")
    client.force_login(personas["analyst"])
    response = client.get(reverse("focalpoints:registry-csv"))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    assert content.splitlines()[0].startswith("organisation,role,name")
    assert "Csv Person" in content


# The registry: 1 session, 2 user, 3 member organisations, 4 their focal points, 5 the
# focal points' places, 6 user's organisation (menu), 7 savepoint, 8 session save,
# 9 release. The directory (public, no session): 1 member organisations, 2 their focal
# points, 3 the focal points' places.
@pytest.mark.parametrize(("address", "queries"), [("focalpoints:registry", 9), ("directory", 3)])
def test_registry_and_directory_cost_the_same_with_1_or_100_organisations(
    client, personas, location, make_focal_point, address, queries, django_assert_num_queries
):
    client.force_login(personas["coordinator"])
    first = make_focal_point(personas["focal_a"].organisation, "Only One", publish_phone=True)
    first.locations.set([location])
    if address == "directory":
        client.logout()
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200
    for n in range(99):
        org = OrganisationFactory(name=f"Org {n}", acronym=f"O{n}")
        make_focal_point(org, f"Person {n}", publish_phone=True).locations.set([location])
    with django_assert_num_queries(queries):
        assert client.get(reverse(address)).status_code == 200


@pytest.fixture
def location(db):
    from core.models import Location

    return Location.objects.create(
        name="Nizip", level=2, parent=Location.objects.create(name="Gaziantep", level=1)
    )


def test_a_focal_point_links_to_an_account_of_their_own_agency(client, personas, agency_a):
    client.force_login(personas["coordinator"])
    data = form_data(agency_a, user=personas["focal_b"].pk)
    assert (
        "That account belongs to another organisation."
        in client.post(reverse("focalpoints:add"), data).content.decode()
    )
    assert (
        client.post(
            reverse("focalpoints:add"), form_data(agency_a, user=personas["focal_a"].pk)
        ).status_code
        == 302
    )
    assert FocalPoint.objects.get().user == personas["focal_a"]


def test_the_directory_names_the_languages_in_the_readers_language(
    client, agency_a, make_focal_point
):
    """Issue 15: languages showed as codes ("ES, AR")."""
    focal_point = make_focal_point(agency_a, "Published Person", publish_phone=True)
    focal_point.languages = ["es", "ar", "kmr"]
    focal_point.save()
    page = client.get(reverse("directory"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Spanish, Arabic, KMR" in page
    page = client.get(reverse("directory"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Español, Árabe" in page or "español, árabe" in page.lower()
