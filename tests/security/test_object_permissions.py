"""Zero orphaned object permissions: no django-guardian grant outlives what justified it.

A grant is orphaned when its object, user or group is gone (guardian's generic tables
have no foreign key to the object, so nothing deletes their rows), or, for a case, when
no open referral to the grantee's agency stands behind it any more: the referral was
withdrawn or re-routed, the case was closed or purged, the account left the agency or
the role. `orphans()` finds all of them, in every object-permission table the apps have.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from guardian.models import (
    GroupObjectPermission,
    GroupObjectPermissionBase,
    UserObjectPermission,
    UserObjectPermissionBase,
)

from complaints import codes
from complaints import services as complaint_services
from complaints.models import (
    Complaint,
    ComplaintGroupObjectPermission,
    ComplaintUserObjectPermission,
)
from core.factories import UserFactory
from core.models import User
from core.roles import Role
from referrals import services as referral_services
from referrals.models import InvestigationReferral
from referrals.permissions import agency_handlers

from ..referrals.conftest import screen_new_sea_case

pytestmark = pytest.mark.django_db


def _grant_tables():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, UserObjectPermissionBase | GroupObjectPermissionBase)
    ]


def _missing_objects() -> list[str]:
    found = []
    for model in (UserObjectPermission, GroupObjectPermission):
        for row in model.objects.select_related("content_type"):
            target = row.content_type.model_class()
            if target is None or not target.objects.filter(pk=row.object_pk).exists():
                found.append(f"{model.__name__} {row.pk} on a missing {row.content_type}")
    for model in _grant_tables():
        if model in (UserObjectPermission, GroupObjectPermission):
            continue
        target = model._meta.get_field("content_object").related_model
        gone = model.objects.exclude(content_object_id__in=target.objects.values("pk"))
        found += [f"{model.__name__} {row.pk} on a missing {target.__name__}" for row in gone]
    return found


def _unjustified_case_grants() -> list[str]:
    """A case grant stands only on an open referral of an open case to the grantee's
    agency, held by the agency's handlers (its investigators' group, else its focal
    points)."""
    found = []
    open_referrals = InvestigationReferral.objects.filter(withdrawn_at__isnull=True).exclude(
        complaint__status=codes.Status.CLOSED
    )
    for row in ComplaintGroupObjectPermission.objects.select_related("group"):
        agency = row.group.name.removeprefix("investigators:")
        if not open_referrals.filter(
            complaint_id=row.content_object_id, organisation_id=agency
        ).exists():
            found.append(f"group {row.group.name} still holds case {row.content_object_id}")
    for row in ComplaintUserObjectPermission.objects.select_related("user"):
        user = row.user
        justified = open_referrals.filter(
            complaint_id=row.content_object_id, organisation_id=user.organisation_id
        ).exists() and (agency_handlers(user.organisation_id).filter(pk=user.pk).exists())
        if not justified:
            found.append(f"user {user.username} still holds case {row.content_object_id}")
    return found


def orphans() -> list[str]:
    return _missing_objects() + _unjustified_case_grants()


@pytest.fixture
def investigator_b(agency_b):
    return UserFactory(username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR])


def refer(personas, agency):
    complaint = screen_new_sea_case(personas, agency)
    referral = referral_services.investigation_refer(
        actor=personas["coordinator"], complaint=complaint
    )
    return complaint, referral


def test_the_check_sees_an_orphan(personas, agency_b, investigator_b):
    """`orphans()` is not blind: a grant left behind by hand is reported."""
    complaint, referral = refer(personas, agency_b)
    assert ComplaintGroupObjectPermission.objects.filter(content_object_id=complaint.pk).exists()
    assert orphans() == []
    InvestigationReferral.objects.filter(pk=referral.pk).update(withdrawn_at=referral.referred_at)
    assert orphans() != []


def test_deleting_users_and_groups_leaves_no_grant(personas, agency_b):
    # Agency B has no investigator: its focal points hold the case one by one.
    second_focal = UserFactory(username="focal_b2", organisation=agency_b, roles=[Role.FOCAL_POINT])
    _complaint, _referral = refer(personas, agency_b)
    assert ComplaintUserObjectPermission.objects.filter(user=second_focal).exists()
    second_focal.delete()
    Group.objects.filter(name__startswith="investigators:").delete()
    assert orphans() == []


def test_a_withdrawn_or_rerouted_referral_leaves_no_grant(personas, agency_a, agency_b):
    UserFactory(username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR])
    _complaint, referral = refer(personas, agency_b)
    referral_services.investigation_reroute(
        actor=personas["coordinator"], referral=referral, organisation=agency_a,
        reason="wrong_affiliation",
    )  # fmt: skip
    assert orphans() == []
    _complaint, referral = refer(personas, agency_b)
    referral_services.investigation_withdraw(
        actor=personas["coordinator"], referral=referral, reason="wrong_affiliation"
    )
    assert orphans() == []


def test_accounts_that_leave_an_agency_or_a_role_keep_no_grant(personas, agency_a, agency_b):
    investigator = UserFactory(
        username="investigator_b", organisation=agency_b, roles=[Role.INVESTIGATOR]
    )
    refer(personas, agency_b)
    investigator.organisation = agency_a
    investigator.save()  # moved: agency B's focal points act for it now
    assert orphans() == []
    personas["focal_b"].is_focal_point = False
    personas["focal_b"].save()
    assert orphans() == []
    investigator.is_active = False
    investigator.save()
    assert orphans() == []


def test_a_closed_case_keeps_no_grant_even_after_its_agency_changes(
    personas, agency_b, investigator_b
):
    """Closing gives the case back; a later change of the agency's accounts (a new
    investigator, one leaving) must not hand it out again."""
    complaint, referral = refer(personas, agency_b)
    referral_services.investigation_acknowledge(actor=investigator_b, referral=referral)
    referral_services.investigation_report(
        actor=investigator_b, referral=referral, status="not_substantiated"
    )
    complaint.refresh_from_db()
    complaint_services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="unsubstantiated",
        feedback="", rereview_on=None,
    )  # fmt: skip
    assert orphans() == []
    UserFactory(username="investigator_b2", organisation=agency_b, roles=[Role.INVESTIGATOR])
    assert orphans() == []
    User.objects.get(username="investigator_b2").delete()
    investigator_b.is_investigator = False
    investigator_b.save()  # the agency's focal points act for it again
    assert orphans() == []


def test_a_purged_case_leaves_no_grant(personas, agency_b, investigator_b):
    """Retention deletes the case and its referrals; no grant may point at it after."""
    complaint, referral = refer(personas, agency_b)
    referral_services.investigation_acknowledge(actor=investigator_b, referral=referral)
    referral_services.investigation_report(
        actor=investigator_b, referral=referral, status="substantiated"
    )
    complaint.refresh_from_db()
    complaint_services.complaint_close(
        actor=personas["coordinator"], complaint=complaint, reason="substantiated",
        feedback="", rereview_on=None,
    )  # fmt: skip
    complaint_services.complaint_purge(
        complaint=complaint, now=timezone.now() + timedelta(days=365 * 100)
    )
    assert not Complaint.objects.filter(pk=complaint.pk).exists()
    assert orphans() == []
