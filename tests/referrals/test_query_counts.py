"""The investigation and assistance inboxes and referral pages cost an exact number of
queries with several referrals present; each query is named above its test.

Every signed-in page starts by reading the session and the user and ends by saving the
session (SESSION_SAVE_EVERY_REQUEST) inside a savepoint: "savepoint, session save,
release". A read of a case writes its audit row inside a savepoint too. The counts are the
same on SQLite and PostgreSQL.
"""

import pytest
from django.urls import reverse

from referrals import services

from .conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def referred(personas, agency_a, provider_org):
    """Three SEA cases referred to agency A for investigation (the first acknowledged),
    each with its survivor referred to the health centre for assistance."""
    investigations, assistance = [], []
    for _ in range(3):
        complaint = screen_new_sea_case(personas, agency_a)
        investigations.append(
            services.investigation_refer(actor=personas["coordinator"], complaint=complaint)
        )
        survivor = complaint.persons.get(is_survivor=True)
        referral = services.assistance_refer(
            actor=personas["coordinator"], complaint=complaint, survivor=survivor,
            service="medical", provider=provider_org, needs="A female doctor.",
        )  # fmt: skip
        assistance.append(referral)
    services.investigation_acknowledge(actor=personas["investigator_a"], referral=investigations[0])
    return investigations, assistance


def lists_all(response, name, referrals):
    page = response.content.decode()
    assert response.status_code == 200
    assert all(reverse(name, args=[referral.pk]) in page for referral in referrals)


# --- Investigations -----------------------------------------------------------------------


def test_the_investigation_inbox_as_investigator(
    client, personas, referred, django_assert_num_queries
):
    client.force_login(personas["investigator_a"])
    # 1 session, 2 user, 3 has agency A an active investigator (who acts for it),
    # 4 count, 5 user's organisation (menu), 6 referrals page (case and agency joined),
    # 7 savepoint, 8 session save, 9 release
    with django_assert_num_queries(9):
        response = client.get(reverse("referrals:investigations"))
    lists_all(response, "referrals:investigation", referred[0])


def test_the_investigation_inbox_as_coordinator(
    client, personas, referred, django_assert_num_queries
):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 referrals page,
    # 6 savepoint, 7 session save, 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("referrals:investigations"))
    lists_all(response, "referrals:investigation", referred[0])


def test_an_investigation_as_investigator(client, personas, referred, django_assert_num_queries):
    client.force_login(personas["investigator_a"])
    # 1 session, 2 user, 3 referral (case and agency joined), 4 the case's recusals (the
    # case gate), 5 has agency A an active investigator, 6 stray: the case again (the case
    # page's queryset), 7 persons, 8 consents, 9 attachments, 10 feedback, 11 added
    # information, 12 stray: the recusals again, 13 grant to the user, 14 grant to their
    # groups, 15 stray: consent to share identity (the consents are already in 8),
    # 16 savepoint, 17 audit insert (the read), 18 release, 19 user's organisation (menu),
    # 20 savepoint, 21 session save, 22 release
    with django_assert_num_queries(22):
        response = client.get(reverse("referrals:investigation", args=[referred[0][0].pk]))
    assert response.status_code == 200
    assert 'name="status"' in response.content.decode()  # acknowledged: the report form


def test_an_investigation_as_coordinator(client, personas, referred, django_assert_num_queries):
    client.force_login(personas["coordinator"])
    # 1 session, 2 user, 3 referral, 4 the case's recusals (the case gate), 5 stray: the
    # case again, 6 persons, 7 consents, 8 attachments, 9 feedback, 10 added information,
    # 11 stray: the recusals again, 12 savepoint, 13 audit insert (the read), 14 release,
    # 15 user's organisation (menu), 16 organisations (re-route), 17 savepoint, 18 session
    # save, 19 release
    with django_assert_num_queries(19):
        response = client.get(reverse("referrals:investigation", args=[referred[0][0].pk]))
    assert response.status_code == 200
    assert referred[0][0].complaint.reference in response.content.decode()


# --- Assistance ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["provider", "coordinator"])
def test_the_assistance_inbox(client, personas, referred, persona, django_assert_num_queries):
    client.force_login(personas[persona])
    # 1 session, 2 user, 3 count, 4 user's organisation (menu), 5 referrals page (case,
    # provider, survivor and their data keys joined), 6 savepoint, 7 session save,
    # 8 release
    with django_assert_num_queries(8):
        response = client.get(reverse("referrals:assistance-inbox"))
    lists_all(response, "referrals:assistance", referred[1])


@pytest.mark.parametrize("persona", ["provider", "coordinator"])
def test_an_assistance_referral(client, personas, referred, persona, django_assert_num_queries):
    client.force_login(personas[persona])
    # 1 session, 2 user, 3 referral (case, provider, survivor and data keys joined),
    # 4 the case's recusals (the case gate), [provider only: 5 the survivor's consent to
    # the service still stands], then savepoint, audit insert (the read), release, user's
    # organisation (menu), savepoint, session save, release
    with django_assert_num_queries({"provider": 12, "coordinator": 11}[persona]):
        response = client.get(reverse("referrals:assistance", args=[referred[1][0].pk]))
    assert response.status_code == 200
    assert "A female doctor." in response.content.decode()


def test_the_referral_package_as_investigator(
    client, personas, referred, django_assert_num_queries
):
    referral = referred[0][0]
    client.force_login(personas["investigator_a"])
    # 1 session, 2 user, 3 referral (case and agency joined), 4 recusals (the case gate),
    # 5 has agency A an active investigator (who acts for it), 6 case (key, place and
    # implicated agency joined), 7 its persons, 8 the survivors whose identity is shared,
    # 9 the exporter's organisation (watermark), 10 savepoint, 11 audit row, 12 release,
    # 13 savepoint, 14 session save, 15 release
    with django_assert_num_queries(15):
        response = client.get(reverse("referrals:package", args=[referral.pk]))
    assert response.status_code == 200
