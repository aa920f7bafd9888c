"""Outside cases too, the audit trail records the role of the access actually used (never
a constant), and services refuse with one application error that names its field."""

from datetime import date

import pytest

from core import services as core_services
from core.errors import ApplicationError
from core.factories import UserFactory
from core.models import AuditEvent
from core.roles import Role
from focalpoints import services as focalpoint_services
from focalpoints.models import FocalPoint
from trainings import services as training_services
from trainings.models import Module, Session

pytestmark = pytest.mark.django_db


def role_of(action: str) -> list[str]:
    return list(AuditEvent.objects.filter(action=action).values_list("actor_role", flat=True))


def test_a_registry_entry_is_audited_under_the_role_that_allowed_it(personas, agency_a):
    entry = FocalPoint(organisation=agency_a, name="Leyla Demir", appointed_on=date(2026, 1, 1))
    focalpoint_services.focal_point_save(actor=personas["focal_a"], focal_point=entry)
    focalpoint_services.focal_point_end(
        actor=personas["coordinator"], focal_point=entry, ends_on=date(2026, 6, 1)
    )
    assert role_of("focalpoint.create") == ["focal_point"]
    assert role_of("focalpoint.end") == ["coordinator"]


def test_a_training_session_is_audited_under_the_organisers_role(personas, agency_a):
    module = training_services.module_save(
        actor=personas["coordinator"], module=Module(title="PSEA basics", audiences=["staff"])
    )
    session = training_services.session_save(
        actor=personas["focal_a"],
        session=Session(
            module=module, starts_on=date(2026, 3, 10), organisation=agency_a,
            facilitator_organisation=agency_a, audience="staff", language="en",
        ),
    )  # fmt: skip
    training_services.session_set_status(actor=personas["focal_a"], session=session, status="held")
    assert role_of("module.create") == ["coordinator"]
    assert role_of("session.create") == ["focal_point"]
    assert role_of("session.status") == ["focal_point"]


def test_accounts_are_audited_as_the_administrator_or_the_break_glass_account(agency_a):
    admin = UserFactory(username="admin_1", organisation=agency_a, roles=[Role.ADMIN])
    breakglass = UserFactory(username="root", is_superuser=True)
    new = UserFactory.build(username="new_focal", organisation=agency_a, is_focal_point=True)
    core_services.user_save(actor=admin, user=new, changed=["username"])
    core_services.user_save(actor=breakglass, user=new, changed=["email"])
    assert role_of("user.create") == ["admin"]
    assert role_of("user.update") == ["superuser"]


def test_a_refusal_names_its_code_and_field(personas, agency_a):
    entry = FocalPoint(
        organisation=agency_a, name="Leyla Demir",
        appointed_on=date(2026, 6, 1), ends_on=date(2026, 1, 1),
    )  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        focalpoint_services.focal_point_save(actor=personas["coordinator"], focal_point=entry)
    assert refused.value.code == "dates.end_before_start"
    assert refused.value.message_dict == {"ends_on": ["The end date is before the start date."]}


def test_no_one_changes_their_own_roles(agency_a):
    admin = UserFactory(username="admin_1", organisation=agency_a, roles=[Role.ADMIN])
    admin.is_analyst = True
    with pytest.raises(ApplicationError) as refused:
        core_services.user_save(actor=admin, user=admin, changed=["is_analyst"])
    assert (refused.value.code, refused.value.status) == ("account.own_roles", 403)
