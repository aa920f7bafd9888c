"""The public information page and the service list cost an exact number of queries with
several rows present, the same with 3 or 12 points."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_points(add_point, agency_a, agency_b, provider_org, places):
    def make(count):
        orgs = (agency_a, agency_b, provider_org)
        for n in range(count):
            add_point(
                orgs[n % 3], ["medical", "legal", "shelter"][n % 3],
                [places["nizip"], places["camp"]], name=f"Point {n}", is_published=True,
            )  # fmt: skip

    return make


@pytest.mark.parametrize("count", [3, 12])
def test_the_public_window(client, window, many_points, count, django_assert_num_queries):
    many_points(count)
    address = reverse("info:window", args=["gaziantep"])
    # 1 window (place joined), 2 its texts in Spanish and English, 3 published points
    # serving its area (organisation joined), 4 their places (parents joined)
    with django_assert_num_queries(4):
        response = client.get(address, HTTP_ACCEPT_LANGUAGE="es")
    assert "Point 0" in response.content.decode()
    # Cached: no query at all (an anonymous visitor has no session to read).
    with django_assert_num_queries(0):
        client.get(address, HTTP_ACCEPT_LANGUAGE="es")


@pytest.mark.parametrize("count", [3, 12])
def test_the_service_list(client, personas, many_points, places, count, django_assert_num_queries):
    many_points(count)
    client.force_login(personas["focal_b"])
    # 1 session, 2 user, 3 places for the filter (parents joined), 4 the chosen place,
    # 5 points (organisation joined), 6 their places (parents joined), 7 user's organisation
    # (menu), 8 savepoint, 9 session save, 10 release
    with django_assert_num_queries(10):
        response = client.get(reverse("pathways:services") + f"?location={places['nizip'].pk}")
    assert f"Point {count - 1}" in response.content.decode()
