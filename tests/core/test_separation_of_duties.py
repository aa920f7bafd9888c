"""Separation of duties (issue 12, point 1): an administrator manages accounts but never
gives a case role alone, nor resets the password or second factor of an account holding
one. Each of those is a request that a coordinator other than the requester approves."""

import base64
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from complaints import services as complaint_services
from core import services
from core.errors import ApplicationError
from core.factories import UserFactory
from core.models import AccountRequest, AuditEvent, User
from core.roles import CASE_ROLES, ROLE_FIELDS, Role
from tests.complaints.conftest import CANARY_NAME, intake_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas):
    return complaint_services.complaint_intake(
        actor=personas["focal_b"], data=intake_data(), submit=True
    )


def admin_creates_account(client, admin, organisation, username="mallory"):
    client.force_login(admin)
    client.post(
        reverse("admin:core_user_add"),
        {
            "username": username,
            "organisation": organisation.pk,
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    return User.objects.get(username=username)


def change_form_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "organisation": user.organisation_id,
        "is_active": "on",
    }
    for field in ("is_focal_point", "is_coordinator", "is_investigator"):
        if getattr(user, field):
            data[field] = "on"
    data.update(overrides)
    return data


# --- The defect, as reproduced -----------------------------------------------------------


def test_an_administrator_cannot_create_a_coordinator_account_and_read_a_case(
    client, personas, agency_a, case
):
    admin = personas["admin"]
    mallory = admin_creates_account(client, admin, agency_a)
    client.post(
        reverse("admin:core_user_change", args=[mallory.pk]),
        change_form_data(mallory, is_coordinator="on"),
    )
    mallory.refresh_from_db()
    assert not mallory.is_coordinator

    client.force_login(mallory)
    response = client.get(reverse("complaints:detail", args=[case.reference]))
    assert response.status_code in (403, 404)
    assert CANARY_NAME not in response.content.decode()


def test_the_grant_takes_effect_when_a_coordinator_approves_it(client, personas, agency_a):
    admin = personas["admin"]
    mallory = admin_creates_account(client, admin, agency_a)
    response = client.post(
        reverse("admin:core_user_change", args=[mallory.pk]),
        change_form_data(mallory, is_investigator="on", first_name="Mal"),
        follow=True,
    )
    assert "waits for a coordinator" in response.content.decode()
    mallory.refresh_from_db()
    assert mallory.first_name == "Mal"  # the rest of the change is saved at once
    assert not mallory.is_investigator
    request = AccountRequest.objects.get(user=mallory)
    assert request.kind == AccountRequest.Kind.ROLES
    assert request.roles == [Role.INVESTIGATOR.value]
    assert AuditEvent.objects.filter(action="account_request.create", actor=admin).exists()

    client.force_login(personas["coordinator"])
    page = client.get(reverse("account-requests")).content.decode()
    assert "mallory" in page
    response = client.post(
        reverse("account-request-decide", args=[request.pk]),
        {"decision": "approve", "confirm": "on"},
    )
    assert response.status_code == 200  # the set-up code to hand over, shown once
    assert re.search(r"data-handover-code dir=\"ltr\">[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}<",
                     response.content.decode())  # fmt: skip
    mallory.refresh_from_db()
    assert mallory.is_investigator
    event = AuditEvent.objects.get(action="account_request.approve")
    assert event.actor == personas["coordinator"]
    assert event.detail == {"kind": "roles", "roles": ["investigator"]}


def test_an_administrator_who_knows_the_password_cannot_enrol_without_the_handed_over_code(
    client, personas, agency_a
):
    """The administrator set the first password, so they could sign in before the person
    and enrol their own authenticator: after the approval, enrolling needs the code the
    coordinator handed to the person."""
    admin = personas["admin"]
    mallory = admin_creates_account(client, admin, agency_a)
    mallory.is_investigator = True
    request = services.user_save(actor=admin, user=mallory, changed=["is_investigator"]).request
    code = services.account_request_decide(
        actor=personas["coordinator"], request=request, approve=True
    ).handover_code
    assert code.replace("-", "") not in User.objects.get(pk=mallory.pk).enrolment_code_hash

    takeover = Client()
    takeover.post(
        reverse("login"), {"username": "mallory", "password": "a-long-and-unusual-passphrase"}
    )
    enrol = reverse("second-factor-enrol")
    page = takeover.get(enrol).content.decode()
    assert "Set-up code from your coordinator" in page
    key = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    refused = takeover.post(enrol, {"code": f"{totp(key):06d}", "handover_code": "AAAA-BBBB-CCCC"})
    assert "not the set-up code your coordinator gave you" in refused.content.decode()
    assert takeover.get(reverse("home"))["Location"].startswith(reverse("second-factor"))
    assert User.objects.get(pk=mallory.pk).second_factor_since is None

    TOTPDevice.objects.filter(user=mallory).update(throttling_failure_count=0, last_t=-1)
    done = takeover.post(enrol, {"code": f"{totp(key):06d}", "handover_code": code.lower()})
    assert done.status_code == 302  # the person, with the code, enrols
    mallory.refresh_from_db()
    assert mallory.second_factor_since is not None and mallory.enrolment_code_hash == ""


def test_approving_a_second_factor_reset_also_needs_the_code_to_enrol_again(personas):
    coordinator, other = personas["coordinator"], personas["investigator_a"]
    device = TOTPDevice.objects.create(user=other, confirmed=False)
    services.second_factor_enrol(user=other, device=device)
    request = services.second_factor_reset(actor=personas["admin"], user=other)
    code = services.account_request_decide(
        actor=coordinator, request=request, approve=True
    ).handover_code
    assert code
    device = services.second_factor_enrolment_start(user=other)
    with pytest.raises(ApplicationError, match="set-up code"):
        services.second_factor_enrol(user=User.objects.get(pk=other.pk), device=device)
    services.second_factor_enrol(
        user=User.objects.get(pk=other.pk), device=device, handover_code=code
    )


def test_a_refused_request_changes_nothing(client, personas, agency_a):
    mallory = admin_creates_account(client, personas["admin"], agency_a)
    request = services.user_save(
        actor=personas["admin"],
        user=_with(mallory, is_coordinator=True),
        changed=["is_coordinator"],
    ).request
    client.force_login(personas["coordinator"])
    client.post(
        reverse("account-request-decide", args=[request.pk]),
        {"decision": "refuse", "confirm": "on"},
    )
    mallory.refresh_from_db()
    request.refresh_from_db()
    assert not mallory.is_coordinator
    assert request.status == AccountRequest.Status.REFUSED
    assert AuditEvent.objects.filter(
        action="account_request.refuse", actor=personas["coordinator"]
    ).exists()


def test_the_decision_needs_the_tick_box(client, personas, agency_a):
    mallory = admin_creates_account(client, personas["admin"], agency_a)
    request = services.user_save(
        actor=personas["admin"], user=_with(mallory, is_focal_point=True), changed=[]
    ).request
    client.force_login(personas["coordinator"])
    response = client.post(
        reverse("account-request-decide", args=[request.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    mallory.refresh_from_db()
    assert not mallory.is_focal_point
    page = client.get(reverse("account-requests")).content.decode()
    assert "Tick the box to confirm." in page


def _with(user, **fields):
    for name, value in fields.items():
        setattr(user, name, value)
    return user


# --- Who may decide: coordinators, never the requester nor the account itself -------------


@pytest.mark.parametrize(
    ("persona", "sees", "decides"),
    [
        ("coordinator", True, True),
        ("admin", False, False),
        ("focal_a", False, False),
        ("investigator_a", False, False),
        ("provider", False, False),
        ("analyst", False, False),
    ],
)
def test_who_decides_a_request(client, personas, agency_a, persona, sees, decides):
    target = UserFactory(username="target", organisation=agency_a)
    request = services.user_save(
        actor=personas["admin"], user=_with(target, is_focal_point=True), changed=[]
    ).request
    client.force_login(personas[persona])
    listing = client.get(reverse("account-requests"))
    assert (listing.status_code == 200 and "target" in listing.content.decode()) == sees
    response = client.post(
        reverse("account-request-decide", args=[request.pk]),
        {"decision": "approve", "confirm": "on"},
    )
    target.refresh_from_db()
    assert target.is_focal_point == decides
    if not decides:
        assert response.status_code == 404


def test_a_coordinator_never_approves_their_own_request(client, personas, agency_a):
    coordinator = personas["coordinator"]
    target = UserFactory(username="target", organisation=agency_a)
    request = services.user_save(
        actor=coordinator, user=_with(target, is_investigator=True), changed=[]
    ).request
    client.force_login(coordinator)
    response = client.post(
        reverse("account-request-decide", args=[request.pk]),
        {"decision": "approve", "confirm": "on"},
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_investigator
    with pytest.raises(Exception, match="own request"):
        services.account_request_decide(actor=coordinator, request=request, approve=True)


def test_an_account_never_approves_its_own_promotion(personas, agency_a):
    second = UserFactory(username="second", organisation=agency_a, roles=[Role.COORDINATOR])
    request = services.user_save(
        actor=personas["admin"], user=_with(second, is_investigator=True), changed=[]
    ).request
    with pytest.raises(Exception, match="your own account"):
        services.account_request_decide(actor=second, request=request, approve=True)


def test_a_request_is_decided_once(personas, agency_a):
    other = UserFactory(username="coord2", organisation=agency_a, roles=[Role.COORDINATOR])
    target = UserFactory(username="target", organisation=agency_a)
    request = services.user_save(
        actor=personas["admin"], user=_with(target, is_focal_point=True), changed=[]
    ).request
    services.account_request_decide(actor=personas["coordinator"], request=request, approve=False)
    with pytest.raises(Exception, match="already been decided"):
        services.account_request_decide(actor=other, request=request, approve=True)


# --- What needs a second person, and what does not ---------------------------------------


@pytest.mark.parametrize("role", sorted(Role, key=str))
def test_every_case_role_and_only_those_needs_approval(personas, agency_a, role):
    target = UserFactory(username="target", organisation=agency_a)
    outcome = services.user_save(
        actor=personas["admin"], user=_with(target, **{ROLE_FIELDS[role]: True}), changed=[]
    )
    target.refresh_from_db()
    if role in CASE_ROLES:
        assert outcome.request is not None
        assert role not in target.roles
    else:
        assert outcome.request is None
        assert role in target.roles


def test_a_new_account_with_a_case_role_is_created_without_it(personas, agency_a):
    new = User(username="fresh", organisation=agency_a, is_coordinator=True)
    outcome = services.user_save(
        actor=personas["admin"], user=new, changed=["username"], password="a-long-passphrase-1"
    )
    fresh = User.objects.get(username="fresh")
    assert not fresh.is_coordinator
    assert outcome.request.user == fresh
    assert outcome.request.roles == ["coordinator"]


def test_removing_a_case_role_needs_no_one(personas):
    investigator = personas["investigator_a"]
    outcome = services.user_save(
        actor=personas["admin"], user=_with(investigator, is_investigator=False), changed=[]
    )
    assert outcome.request is None
    investigator.refresh_from_db()
    assert not investigator.is_investigator


def test_moving_a_case_role_holder_to_another_organisation_needs_approval(personas, agency_b):
    focal = personas["focal_a"]
    outcome = services.user_save(
        actor=personas["admin"], user=_with(focal, organisation=agency_b), changed=[]
    )
    focal.refresh_from_db()
    assert focal.organisation.acronym == "AGA"
    assert outcome.request.organisation == agency_b
    services.account_request_decide(
        actor=personas["coordinator"], request=outcome.request, approve=True
    )
    focal.refresh_from_db()
    assert focal.organisation == agency_b
    assert focal.is_focal_point


def test_the_break_glass_superuser_cannot_grant_a_case_role_alone(agency_a):
    root = User.objects.create_superuser("root", password="a-long-root-passphrase")
    target = UserFactory(username="target", organisation=agency_a)
    outcome = services.user_save(
        actor=root, user=_with(target, is_coordinator=True), changed=["is_coordinator"]
    )
    assert outcome.request is not None
    target.refresh_from_db()
    assert not target.is_coordinator


def test_a_second_request_of_the_same_kind_supersedes_the_first(personas, agency_a):
    target = UserFactory(username="target", organisation=agency_a)
    first = services.user_save(
        actor=personas["admin"], user=_with(target, is_focal_point=True), changed=[]
    ).request
    target.refresh_from_db()
    second = services.user_save(
        actor=personas["admin"], user=_with(target, is_investigator=True), changed=[]
    ).request
    first.refresh_from_db()
    assert first.status == AccountRequest.Status.SUPERSEDED
    assert second.status == AccountRequest.Status.PENDING


# --- Passwords -----------------------------------------------------------------------------


def test_an_administrator_cannot_take_over_an_investigator_by_resetting_the_password(
    client, personas
):
    investigator = personas["investigator_a"]
    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:auth_user_password_change", args=[investigator.pk]),
        {
            "password1": "the-admins-own-choice-1",
            "password2": "the-admins-own-choice-1",
            "usable_password": "true",
        },
        follow=True,
    )
    assert "waits for a coordinator" in response.content.decode()
    investigator.refresh_from_db()
    assert not investigator.check_password("the-admins-own-choice-1")
    client.logout()
    signed_in = client.post(
        reverse("login"), {"username": "investigator_a", "password": "the-admins-own-choice-1"}
    )
    assert signed_in.status_code == 200  # refused: the form again

    request = AccountRequest.objects.get(user=investigator, kind=AccountRequest.Kind.PASSWORD)
    assert "the-admins" not in request.password_hash
    services.account_request_decide(actor=personas["coordinator"], request=request, approve=True)
    investigator.refresh_from_db()
    assert investigator.check_password("the-admins-own-choice-1")
    request.refresh_from_db()
    assert request.password_hash == ""  # not kept once decided


def test_an_administrator_resets_the_password_of_an_analyst_at_once(client, personas):
    analyst = personas["analyst"]
    client.force_login(personas["admin"])
    client.post(
        reverse("admin:auth_user_password_change", args=[analyst.pk]),
        {
            "password1": "a-new-analyst-passphrase",
            "password2": "a-new-analyst-passphrase",
            "usable_password": "true",
        },
    )
    analyst.refresh_from_db()
    assert analyst.check_password("a-new-analyst-passphrase")
    assert not AccountRequest.objects.exists()


# --- Second factor -------------------------------------------------------------------------


def test_resetting_a_coordinators_second_factor_needs_another_coordinator(client, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    coordinator = personas["coordinator"]
    services.second_factor_enrol(
        user=coordinator, device=TOTPDevice.objects.create(user=coordinator, confirmed=False)
    )
    client.force_login(personas["admin"])
    response = client.post(
        reverse("admin:core_user_second_factor_reset", args=[coordinator.pk]),
        {"confirm": "on"},
        follow=True,
    )
    assert "waits for a coordinator" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.second_factor_since is not None
    request = AccountRequest.objects.get(kind=AccountRequest.Kind.SECOND_FACTOR)

    with pytest.raises(Exception, match="your own account"):
        services.account_request_decide(actor=coordinator, request=request, approve=True)
    other = UserFactory(username="coord2", organisation=coordinator.organisation,
                        roles=[Role.COORDINATOR])  # fmt: skip
    services.account_request_decide(actor=other, request=request, approve=True)
    coordinator.refresh_from_db()
    assert coordinator.second_factor_since is None
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_reset_page_needs_the_tick_box(client, personas):
    client.force_login(personas["admin"])
    url = reverse("admin:core_user_second_factor_reset", args=[personas["analyst"].pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Tick the box to confirm." in response.content.decode()


def test_only_administrators_reach_the_reset_page(client, personas):
    client.force_login(personas["coordinator"])
    url = reverse("admin:core_user_second_factor_reset", args=[personas["analyst"].pk])
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not AccountRequest.objects.exists()


# --- Commands ------------------------------------------------------------------------------


def test_the_first_coordinator_is_made_by_a_command_only_while_there_is_none(agency_a):
    target = UserFactory(username="first", organisation=agency_a)
    call_command("bootstrap_coordinator", "first", stdout=open("/dev/null", "w"))  # noqa: SIM115
    target.refresh_from_db()
    assert target.is_coordinator
    assert AuditEvent.objects.filter(action="user.bootstrap_coordinator").exists()

    UserFactory(username="second", organisation=agency_a)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already"):
        call_command("bootstrap_coordinator", "second")


def test_djangos_changepassword_command_cannot_reset_a_case_role_account(personas, monkeypatch):
    from django.contrib.auth.management.commands import changepassword

    monkeypatch.setattr(
        changepassword.Command, "_get_pass", lambda self, prompt="": "a-takeover-passphrase"
    )
    with pytest.raises(Exception, match="approved by a coordinator"):
        call_command("changepassword", "investigator_a", stdout=open("/dev/null", "w"))  # noqa: SIM115
    personas["investigator_a"].refresh_from_db()
    assert not personas["investigator_a"].check_password("a-takeover-passphrase")
    # An account without a case role: the operator's tool still works.
    call_command("changepassword", "analyst", stdout=open("/dev/null", "w"))  # noqa: SIM115
    personas["analyst"].refresh_from_db()
    assert personas["analyst"].check_password("a-takeover-passphrase")


def test_a_password_set_in_the_shell_is_refused_for_a_case_role_account(personas):
    investigator = personas["investigator_a"]
    investigator.set_password("a-shell-passphrase-1")
    with pytest.raises(Exception, match="approved by a coordinator"):
        investigator.save()


def test_signing_in_rehashes_without_tripping_the_guard(client, personas, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    response = client.post(
        reverse("login"), {"username": "coordinator", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    personas["coordinator"].refresh_from_db()
    assert personas["coordinator"].password.startswith("pbkdf2_")


@pytest.mark.parametrize(("persona", "told"), [("coordinator", True), ("admin", False),
                                                ("focal_a", False), ("analyst", False)])  # fmt: skip
def test_coordinators_are_told_on_their_home_page(client, personas, agency_a, persona, told):
    target = UserFactory(username="target", organisation=agency_a)
    services.user_save(actor=personas["admin"], user=_with(target, is_focal_point=True), changed=[])
    client.force_login(personas[persona])
    page = client.get(reverse("home")).content.decode()
    assert ("Account requests waiting for a coordinator's decision: 1" in page) == told
