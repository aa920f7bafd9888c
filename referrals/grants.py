"""Per-case access for an agency's handlers, through django-guardian.

Each organisation has a group "investigators:<pk>" whose members are its active
investigators (kept in step by `sync_investigator_group` when an account is saved). A
referral grants `complaints.view_case` on that one complaint to the group, or, when the
agency's handlers are its focal points (`permissions.handler_role`), to each of them.
Withdrawal removes the grants, effective on the next request. When an account changes
(it joins or leaves an agency, gains or loses the investigator or focal-point role, is
deactivated), `sync_grants` re-grants its agencies' open referrals by the same rule, so
an agency that gains its first investigator moves its cases from its focal points to the
investigators, and back when the last one leaves; nobody keeps a case they no longer
act on.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from guardian.shortcuts import assign_perm, remove_perm

from complaints import codes
from complaints.models import (
    Complaint,
    ComplaintGroupObjectPermission,
    ComplaintUserObjectPermission,
)
from core.models import Organisation, User
from core.roles import Role

from .models import InvestigationReferral
from .permissions import agency_handlers, handler_role

PERMISSION = "complaints.view_case"


def investigator_group(organisation: Organisation) -> Group:
    group, _created = Group.objects.get_or_create(name=f"investigators:{organisation.pk}")
    return group


def sync_investigator_group(user: User) -> None:
    """Make the user a member of their agency's investigator group, and of no other."""
    groups = Group.objects.filter(name__startswith="investigators:")
    user.groups.remove(*groups.exclude(name=f"investigators:{user.organisation_id}"))
    if user.organisation and user.is_active and user.is_investigator:
        user.groups.add(investigator_group(user.organisation))
    elif user.organisation_id:
        user.groups.remove(*groups.filter(name=f"investigators:{user.organisation_id}"))


def grant(complaint: Complaint, organisation: Organisation) -> list[str]:
    """Give the agency's handlers the case: its investigators' group, else each of its
    focal points."""
    handlers = list(agency_handlers(organisation.pk))
    if handler_role(organisation.pk) == Role.INVESTIGATOR:
        group = investigator_group(organisation)
        group.user_set.add(*handlers)
        assign_perm(PERMISSION, group, complaint)
        return ["investigators"]
    for user in handlers:
        assign_perm(PERMISSION, user, complaint)
    return ["focal_points"] if handlers else []


def revoke(complaint: Complaint, organisation: Organisation) -> None:
    remove_perm(PERMISSION, investigator_group(organisation), complaint)
    for user in User.objects.filter(organisation=organisation):
        remove_perm(PERMISSION, user, complaint)


def regrant_agency(organisation_id: int) -> None:
    """Re-grant every open referral to the agency by `handler_role`, in a few queries.
    A closed case was given back (`case_closed`): no change of accounts hands it out again."""
    complaint_ids = list(
        InvestigationReferral.objects.filter(
            organisation_id=organisation_id, withdrawn_at__isnull=True
        )
        .exclude(complaint__status=codes.Status.CLOSED)
        .values_list("complaint_id", flat=True)
    )
    group, _created = Group.objects.get_or_create(name=f"investigators:{organisation_id}")
    ComplaintGroupObjectPermission.objects.filter(
        group=group, content_object_id__in=complaint_ids
    ).delete()
    ComplaintUserObjectPermission.objects.filter(
        user__organisation_id=organisation_id, content_object_id__in=complaint_ids
    ).delete()
    if not complaint_ids:
        return
    permission = Permission.objects.get(codename="view_case", content_type__app_label="complaints")
    handlers = list(agency_handlers(organisation_id))
    if handler_role(organisation_id) == Role.INVESTIGATOR:
        group.user_set.add(*handlers)
        ComplaintGroupObjectPermission.objects.bulk_create(
            ComplaintGroupObjectPermission(
                group=group, permission=permission, content_object_id=complaint_id
            )
            for complaint_id in complaint_ids
        )
    else:
        ComplaintUserObjectPermission.objects.bulk_create(
            ComplaintUserObjectPermission(
                user=user, permission=permission, content_object_id=complaint_id
            )
            for user in handlers
            for complaint_id in complaint_ids
        )


def sync_grants(user: User, *, previous_organisation_id: int | None = None) -> None:
    """After an account changed: its investigator group, its own per-case grants, and
    the open referrals of its agency (and of the agency it left) follow `handler_role`."""
    sync_investigator_group(user)
    ComplaintUserObjectPermission.objects.filter(
        user=user, permission__codename="view_case"
    ).delete()
    for organisation_id in {user.organisation_id, previous_organisation_id} - {None}:
        regrant_agency(organisation_id)
