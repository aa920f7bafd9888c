"""Per-case access for an agency's handlers, through django-guardian.

Each organisation has a group "investigators:<pk>" whose members are its active
investigators (kept in step by `sync_investigator_group` when an account is saved). A
referral grants `complaints.view_case` on that one complaint to the group, or, when the
agency's handlers are its focal points (`permissions.handler_role`), to each of them.
Withdrawal removes the grants, effective on the next request.
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, remove_perm

from complaints.models import Complaint
from core.models import Organisation, User
from core.roles import Role

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
