"""The signed-in user's own pages cost an exact number of queries; each query is named
above its test. The same on SQLite and PostgreSQL. (The home and login pages are pinned in
test_tasks_and_pages.py.)"""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_me(client, personas, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 user's organisation, 4 savepoint, 5 session save
    # (SESSION_SAVE_EVERY_REQUEST), 6 release
    with django_assert_num_queries(6):
        response = client.get(reverse("api-me"))
    assert response.json()["organisation"]["acronym"] == "AGA"
