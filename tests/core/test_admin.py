"""Administrators manage accounts and organisations; nobody else reaches the admin site."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import services
from core.factories import UserFactory
from core.models import AuditEvent, User
from core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin", True),
        ("coordinator", False),
        ("focal_a", False),
        ("investigator_a", False),
        ("provider", False),
        ("analyst", False),
    ],
)
def test_only_administrators_reach_the_user_list(client, personas, persona, allowed):
    client.force_login(personas[persona])
    response = client.get(reverse("admin:core_user_changelist"))
    if allowed:
        assert response.status_code == 200
        assert "focal_b" in response.content.decode()
    else:
        assert response.status_code == 302
        assert "focal_b" not in response.content.decode()


def test_the_admin_index_offers_accounts_and_organisations_only(client, personas):
    client.force_login(personas["admin"])
    page = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:core_user_changelist") in page
    assert reverse("admin:core_organisation_changelist") in page
    assert "/manage/auth/group/" not in page


def test_an_administrator_creates_an_account_and_it_is_audited(client, personas, agency_b):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "newfocal",
            "organisation": agency_b.pk,
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newfocal")
    assert user.organisation == agency_b
    assert user.check_password("a-long-and-unusual-passphrase")
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == personas["admin"]
    assert "a-long" not in str(event.detail)


def test_a_weak_password_is_refused_with_a_message(client, personas, agency_b):
    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "weak",
            "organisation": agency_b.pk,
            "password1": "12345",
            "password2": "12345",
        },
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_an_administrator_cannot_grant_themself_a_role(client, personas):
    admin = personas["admin"]
    client.force_login(admin)
    page = client.get(reverse("admin:core_user_change", args=[admin.pk])).content.decode()
    assert 'name="is_coordinator"' not in page
    with pytest.raises(ValidationError):
        admin.is_coordinator = True
        services.user_save(actor=admin, user=admin, changed=["is_coordinator"])


@pytest.mark.parametrize(
    "case_role", [Role.FOCAL_POINT, Role.COORDINATOR, Role.INVESTIGATOR, Role.SERVICE_PROVIDER]
)
def test_an_administrator_never_also_holds_a_role_that_reads_cases(personas, case_role):
    user = UserFactory.build(organisation=personas["admin"].organisation, roles=[])
    user.is_account_admin = True
    setattr(user, f"is_{case_role.value}", True)
    with pytest.raises(ValidationError, match="administrator cannot also hold"):
        services.user_save(actor=personas["admin"], user=user, changed=[])


def test_accounts_are_deactivated_not_deleted(client, personas):
    client.force_login(personas["admin"])
    response = client.get(reverse("admin:core_user_delete", args=[personas["focal_b"].pk]))
    assert response.status_code in (302, 403)
    assert User.objects.filter(pk=personas["focal_b"].pk).exists()


def test_an_administrator_unlocks_a_locked_account(client, personas, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "focal_b", "password": "guess"})
    attempt = AccessAttempt.objects.get(username="focal_b")

    client.force_login(personas["admin"])
    assert "focal_b" in client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(
        action="user.unlock", object_id=str(personas["focal_b"].pk)
    ).exists()

    client.logout()
    response = client.post(
        reverse("login"), {"username": "focal_b", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302


def test_other_roles_cannot_see_lockouts(client, personas):
    client.force_login(personas["coordinator"])
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 302
