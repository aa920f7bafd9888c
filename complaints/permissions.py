"""Who may do what to a complaint: the one place these rules live.

List scoping (`selectors.complaint_list_for`) applies the same rules as a query; the
permission matrix tests hold the two together.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.permissions import has_grant
from core.roles import Role

from . import codes
from .models import Complaint


@dataclass(frozen=True)
class ComplaintAccess:
    view: bool = False  # knows it exists: reference, status, dates
    content: bool = False  # narrative, categories, persons' codes, attachments
    identity: bool = False  # names, phones, addresses, ID numbers
    edit_draft: bool = False
    screen: bool = False  # classify, prioritise, forward, recuse, give feedback
    consent: bool = False  # record or withdraw consent


NONE = ComplaintAccess()


def is_recused(user, complaint: Complaint) -> bool:
    recused = getattr(complaint, "_recused_user_ids", None)
    if recused is None:
        recused = {recusal.user_id for recusal in complaint.recusals.all()}
        complaint._recused_user_ids = recused
    return user.pk in recused


def complaint_access(user, complaint: Complaint) -> ComplaintAccess:
    """Rules, in order:

    1. Anonymous and inactive users: nothing. A recused user: nothing, whatever the role.
    2. A draft belongs to its author alone, who may edit it.
    3. Coordinator: everything (screening needs the full record); every read is audited.
    4. Investigator (or, where the agency has none, focal point) holding a per-object
       grant from an open referral (see referrals/): content; identity only if the
       survivor consented to share it.
    5. Focal point of the receiving organisation: the intake in full while it is not
       classified as SEA/trafficking; after that, status only (need-to-know lock).
    6. Everyone else (other agencies, providers, analysts, administrators): nothing.
    """
    if not (user.is_authenticated and user.is_active) or is_recused(user, complaint):
        return NONE
    if complaint.status == codes.Status.DRAFT:
        if complaint.received_by_id == user.pk:
            return ComplaintAccess(view=True, content=True, identity=True, edit_draft=True)
        return NONE
    if user.has_role(Role.COORDINATOR):
        return ComplaintAccess(view=True, content=True, identity=True, screen=True, consent=True)
    if (user.has_role(Role.INVESTIGATOR) or user.has_role(Role.FOCAL_POINT)) and has_grant(
        user, "view_case", complaint
    ):
        shared = complaint.consents.filter(
            scope=codes.ConsentScope.SHARE_IDENTITY, given=True, withdrawn_at__isnull=True
        ).exists()
        return ComplaintAccess(view=True, content=True, identity=shared)
    if (
        user.has_role(Role.FOCAL_POINT)
        and complaint.receiving_organisation_id is not None
        and complaint.receiving_organisation_id == user.organisation_id
    ):
        if complaint.need_to_know:
            return ComplaintAccess(view=True)
        open_intake = complaint.status == codes.Status.RECEIVED
        return ComplaintAccess(view=True, content=True, identity=True, consent=open_intake)
    return NONE


def may_log_complaints(user) -> bool:
    """Focal points and coordinators log intakes."""
    return user.is_authenticated and (
        user.has_role(Role.FOCAL_POINT) or user.has_role(Role.COORDINATOR)
    )


def may_list_complaints(user) -> bool:
    return user.is_authenticated and any(
        user.has_role(role) for role in (Role.FOCAL_POINT, Role.COORDINATOR, Role.INVESTIGATOR)
    )
