"""Per-case access for an agency's investigators, through django-guardian.

Each organisation has a group "investigators:<pk>" whose members are its active
investigators (kept in step by `sync_investigator_group` when an account is saved). A
referral grants `complaints.view_case` on that one complaint to the group, or, when the
agency has no investigator, to each of its focal points. Withdrawal removes the grants,
effective on the next request.
"""

from django.contrib.auth.models import Group
from guardian.shortcuts import assign_perm, remove_perm

from core.models import User

PERMISSION = "complaints.view_case"


def investigator_group(organisation) -> Group:
    group, _created = Group.objects.get_or_create(name=f"investigators:{organisation.pk}")
    return group


def sync_investigator_group(user) -> None:
    """Make the user a member of their agency's investigator group, and of no other."""
    groups = Group.objects.filter(name__startswith="investigators:")
    user.groups.remove(*groups.exclude(name=f"investigators:{user.organisation_id}"))
    if user.organisation_id and user.is_active and user.is_investigator:
        user.groups.add(investigator_group(user.organisation))
    elif user.organisation_id:
        user.groups.remove(*groups.filter(name=f"investigators:{user.organisation_id}"))


def grant(complaint, organisation) -> list[str]:
    """Give the agency's investigators (or focal points, if it has none) the case."""
    investigators = User.objects.filter(
        organisation=organisation, is_investigator=True, is_active=True
    )
    if investigators.exists():
        group = investigator_group(organisation)
        group.user_set.add(*investigators)
        assign_perm(PERMISSION, group, complaint)
        return ["investigators"]
    focal_points = list(
        User.objects.filter(organisation=organisation, is_focal_point=True, is_active=True)
    )
    for user in focal_points:
        assign_perm(PERMISSION, user, complaint)
    return ["focal_points"] if focal_points else []


def revoke(complaint, organisation) -> None:
    remove_perm(PERMISSION, investigator_group(organisation), complaint)
    for user in User.objects.filter(organisation=organisation):
        remove_perm(PERMISSION, user, complaint)


def recipients(organisation):
    """Who acts for the agency on a referral: investigators, else focal points."""
    users = User.objects.filter(organisation=organisation, is_active=True)
    investigators = users.filter(is_investigator=True)
    return investigators if investigators.exists() else users.filter(is_focal_point=True)
