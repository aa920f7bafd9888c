"""The signed-in user's own pages cost an exact number of queries; each query is named
above its test. The same on SQLite and PostgreSQL. (The home and login pages are pinned in
test_tasks_and_pages.py.)"""

import pytest
from django.urls import reverse

from complaints import services
from core.factories import UserFactory
from core.roles import Role
from tests.complaints.conftest import intake_data

pytestmark = pytest.mark.django_db


def test_me(client, personas, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 user's organisation, 4 savepoint, 5 session save
    # (SESSION_SAVE_EVERY_REQUEST), 6 release
    with django_assert_num_queries(6):
        response = client.get(reverse("api-me"))
    assert response.json()["organisation"]["acronym"] == "AGA"


@pytest.fixture
def trail(personas):
    """Several events present: intakes and reads of two cases, sign-ins; and an auditor."""
    for who in ("focal_a", "focal_b"):
        complaint = services.complaint_intake(actor=personas[who], data=intake_data(), submit=True)
        services.complaint_record_view(
            actor=personas["coordinator"], complaint=complaint, identity=True, role="coordinator"
        )
    return UserFactory(
        username="auditor", organisation=personas["focal_a"].organisation, roles=[Role.AUDITOR]
    )


def test_audit_trail(client, trail, django_assert_num_queries):
    client.force_login(trail)
    # 1 session, 2 user, 3 the complaints and 4 the victim records the user is recused
    # from (one query per case type), 5 count of the events, 6 the page of events (with
    # their accounts and organisations), 7 the references of the cases on the page (of the
    # types on it), 8 savepoint, 9 the "audit.view" event, 10 release, 11 user's
    # organisation (menu), 12 accounts and 13 organisations of the filters, 14 savepoint,
    # 15 session save (SESSION_SAVE_EVERY_REQUEST), 16 release
    with django_assert_num_queries(16):
        response = client.get(reverse("audit-trail"))
    assert response.content.decode().count('<span class="reference">') == 4


def test_audit_trail_export(client, trail, django_assert_num_queries):
    client.force_login(trail)
    # 1 session, 2 user, 3 the complaints and 4 the victim records the user is recused
    # from, 5 count of the events, 6 savepoint, 7 the "audit.export" event, 8 release,
    # 9 savepoint, 10 session save, 11 release; then, streamed, 12 the events (with their
    # accounts and organisations) and 13 the references of their cases (one query per 500
    # rows each)
    with django_assert_num_queries(13):
        response = client.get(reverse("audit-trail-export"))
        body = b"".join(response.streaming_content).decode()
    assert body.count("complaints.complaint") == 4


def test_account_requests(client, personas, django_assert_num_queries):
    from core import services
    from core.factories import UserFactory

    for n in range(3):
        user = UserFactory(username=f"new{n}", organisation=personas["focal_b"].organisation)
        user.is_investigator = True
        services.user_save(actor=personas["admin"], user=user, changed=[])
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 pending requests (accounts, their organisations, the new
    # organisation and the requester joined), 4 user's organisation (menu), 5 savepoint,
    # 6 session save, 7 release
    with django_assert_num_queries(7):
        response = client.get(reverse("account-requests"))
    assert response.content.decode().count("data-request=") == 3
