import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp

from core.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_KEY, USERS
from core.models import AccountRequest, Organisation, User
from core.roles import CASE_ROLES, Role

pytestmark = pytest.mark.django_db


def test_demo_data_has_six_organisations_and_one_user_per_role():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    types = sorted(Organisation.objects.values_list("type", flat=True))
    assert types == ["government", "ingo", "nngo", "nngo", "un_agency", "un_agency"]
    held = {role for user in User.objects.all() for role in user.roles}
    assert held == set(Role)


def test_demo_data_can_be_loaded_twice(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert Organisation.objects.count() == 6
    assert User.objects.count() == len(USERS)
    assert "coordinator" in capsys.readouterr().out


@pytest.mark.parametrize(("username", "acronym", "role"), USERS)
def test_every_demo_user_can_sign_in(client, username, acronym, role):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    demo_code(client)
    assert str(role.label) in client.get(reverse("home")).content.decode()


def demo_code(client):
    """The second factor of the demo accounts: the published key's current code."""
    code = f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
    assert client.post(reverse("second-factor"), {"code": code}).status_code == 302


def test_demo_roles_go_through_the_separation_of_duties(capsys):
    call_command("seed_demo")
    requests = AccountRequest.objects.filter(kind=AccountRequest.Kind.ROLES)
    granted = {role for request in requests for role in request.roles}
    assert granted == {role.value for role in CASE_ROLES} - {Role.COORDINATOR.value}
    assert all(request.status == AccountRequest.Status.APPROVED for request in requests)
    assert all(request.requested_by.username == "admin" for request in requests)
    assert all(request.decided_by.username == "coordinator" for request in requests)
    assert "MFWWC3TBFVSGK3LPFVXW43DZFVVWK6JB" in capsys.readouterr().out


def test_the_demo_code_command_prints_the_current_code(capsys):
    call_command("demo_code")
    assert f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}" in capsys.readouterr().out


def test_demo_data_refuses_when_demos_are_not_allowed(settings):
    from django.core.management.base import CommandError

    settings.AMANA_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="refuses"):
        call_command("seed_demo")


def test_demo_data_gives_each_role_something_to_see(client):
    from complaints.models import Complaint
    from referrals.models import AssistanceReferral, InvestigationReferral

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Complaint.objects.count() == 3
    referral = InvestigationReferral.objects.get()
    assert AssistanceReferral.objects.count() == 1
    client.post(reverse("login"), {"username": "investigator", "password": DEMO_PASSWORD})
    demo_code(client)
    assert client.get(reverse("referrals:investigation", args=[referral.pk])).status_code == 200
