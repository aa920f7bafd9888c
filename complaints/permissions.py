"""Who may do what to a complaint: the one place these rules live.

Every access function of a case-level object (a complaint here, a referral in
`referrals/permissions.py`) is declared with `@case_rule`, so it runs only past
`may_touch_case`: signed in, active, and not recused from the case, so no access function
can forget recusal (a test checks that each is declared so). What is not an access
decision passes through the same rule in selectors: lists exclude recused users' cases
(`complaint_list_for`, the referral lists, the dashboard's overdue lists) and whoever is
told about a case passes through `selectors.not_recused`.

List scoping (`selectors.complaint_list_for`) applies the same rules as a query; the
permission matrix tests hold the two together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from core.permissions import has_grant
from core.roles import Role

from . import codes
from .models import Complaint, Consent


@dataclass(frozen=True)
class ComplaintAccess:
    view: bool = False  # knows it exists: reference, status, dates
    content: bool = False  # narrative, categories, persons' codes, attachments
    identity: bool = False  # names, phones, addresses, ID numbers
    edit_draft: bool = False
    screen: bool = False  # classify, prioritise, refer, forward, recuse, give feedback
    consent: bool = False  # record or withdraw consent
    notes: bool = False  # read and write the handlers' case notes
    role: str = ""  # the role this access was granted under: what the audit trail records
    # With `identity`: whose identity is shown; None for every person on the case.
    identity_of: frozenset[str] | None = None

    def shows_identity(self, person: Any) -> bool:
        """Whether this person's name and contacts are shown to the user."""
        return self.identity and (self.identity_of is None or str(person.pk) in self.identity_of)


NONE = ComplaintAccess()

A = TypeVar("A")
O = TypeVar("O")  # noqa: E741


def is_recused(user: Any, complaint: Complaint) -> bool:
    recused = getattr(complaint, "_recused_user_ids", None)
    if recused is None:
        recused = {recusal.user_id for recusal in complaint.recusals.all()}
        complaint._recused_user_ids = recused  # type: ignore[attr-defined]
    return user.pk in recused


def may_touch_case(user: Any, complaint: Complaint) -> bool:
    """The gate of every case access function: an active, signed-in user who is not
    recused from the case. Roles and grants are decided after it, per object type."""
    return bool(user.is_authenticated and user.is_active) and not is_recused(user, complaint)


def case_rule(
    complaint_of: Callable[[Any], Complaint], denied: A
) -> Callable[[Callable[[Any, O], A]], Callable[[Any, O], A]]:
    """Declare a case access function: `complaint_of(obj)` names the case the object
    belongs to; a user stopped at the gate gets `denied`, whatever the function says."""

    def decorate(rule: Callable[[Any, O], A]) -> Callable[[Any, O], A]:
        @wraps(rule)
        def access(user: Any, obj: O) -> A:
            if not may_touch_case(user, complaint_of(obj)):
                return denied
            return rule(user, obj)

        return access

    return decorate


def intake_role(user: Any) -> str:
    """The role under which a user logs an intake: coordinator, else focal point."""
    return Role.COORDINATOR if user.has_role(Role.COORDINATOR) else Role.FOCAL_POINT


@case_rule(lambda complaint: complaint, NONE)
def complaint_access(user: Any, complaint: Complaint) -> ComplaintAccess:
    """Rules, in order (after the gate: anonymous, inactive and recused users get nothing):

    1. A draft belongs to its author alone, who may edit it.
    2. Coordinator: everything (screening needs the full record); every read is audited.
    3. Investigator (or, where the agency has none, focal point) holding a per-object
       grant from an open referral (see referrals/): content; identity only if the
       survivor consented to share it.
    4. Focal point of the receiving organisation: the intake in full while it is not
       locked. A complaint is locked (need-to-know) from submission when it alleges SEA
       or trafficking or involves a child, and by screening; then the focal point who
       logged it sees its status only, and the agency's other focal points nothing.
    5. Focal point of the organisation a non-SEA complaint was forwarded to: the case
       without identities (what it needs to act through its own feedback channel).
    6. Everyone else (other agencies, providers, analysts, administrators): nothing.
    """
    if complaint.status == codes.Status.DRAFT:
        if complaint.received_by_id == user.pk:
            return ComplaintAccess(
                view=True, content=True, identity=True, edit_draft=True, role=intake_role(user)
            )
        return NONE
    if user.has_role(Role.COORDINATOR):
        return ComplaintAccess(
            view=True, content=True, identity=True, screen=True, consent=True, notes=True,
            role=Role.COORDINATOR,
        )  # fmt: skip
    if (user.has_role(Role.INVESTIGATOR) or user.has_role(Role.FOCAL_POINT)) and has_grant(
        user, "view_case", complaint
    ):
        role = Role.INVESTIGATOR if user.has_role(Role.INVESTIGATOR) else Role.FOCAL_POINT
        return referred_agency_view(complaint, role)
    if (
        user.has_role(Role.FOCAL_POINT)
        and complaint.receiving_organisation_id is not None
        and complaint.receiving_organisation_id == user.organisation_id
    ):
        if complaint.need_to_know:
            if complaint.received_by_id == user.pk:  # who logged it: its status
                return ComplaintAccess(view=True, role=Role.FOCAL_POINT)
            return NONE
        open_intake = complaint.status == codes.Status.RECEIVED
        return ComplaintAccess(
            view=True, content=True, identity=True, consent=open_intake, role=Role.FOCAL_POINT
        )
    if (
        user.has_role(Role.FOCAL_POINT)
        and complaint.status == codes.Status.FORWARDED
        and not complaint.need_to_know
        and complaint.forwarded_to_id is not None
        and complaint.forwarded_to_id == user.organisation_id
    ):
        return ComplaintAccess(view=True, content=True, role=Role.FOCAL_POINT)
    return NONE


def referred_agency_view(complaint: Complaint, role: str) -> ComplaintAccess:
    """What the handlers of an open referral (rule 3 of `complaint_access`) see of the case:
    the content; a survivor's identity only while her consents to share it and to take part
    in the investigation both stand (withdrawing either ends it at once), and only hers:
    never another survivor's, a witness's or a third-party complainant's. The referral
    package shows exactly this, whoever exports it."""
    consenting = frozenset(
        str(survivor_id)
        for survivor_id in complaint.consents.standing()
        .filter(
            scope=codes.ConsentScope.SHARE_IDENTITY,
            survivor__in=Consent.objects.standing()
            .filter(scope=codes.ConsentScope.INVESTIGATION)
            .values("survivor"),
        )
        .values_list("survivor_id", flat=True)
    )
    shared = bool(consenting)
    # Notes may name people: an investigator reads them only with the identity shared.
    return ComplaintAccess(
        view=True, content=True, identity=shared, notes=shared, role=role,
        identity_of=consenting,
    )  # fmt: skip


def may_log_complaints(user: Any) -> bool:
    """Focal points and coordinators log intakes."""
    return bool(user.is_authenticated) and (
        user.has_role(Role.FOCAL_POINT) or user.has_role(Role.COORDINATOR)
    )


def may_list_complaints(user: Any) -> bool:
    return bool(user.is_authenticated) and any(
        user.has_role(role) for role in (Role.FOCAL_POINT, Role.COORDINATOR, Role.INVESTIGATOR)
    )


def may_read_original(user: Any, complaint: Complaint, access: ComplaintAccess) -> bool:
    """The original of an attachment, metadata included (a photo's GPS position, a
    document's author), is evidence for the investigation: it is read only by the
    investigators of an open referral (the agency's focal points where it has none, by the
    same grant) while they see the survivor's identity. Everyone else who sees the
    attachments (the coordinator, the focal point of an unlocked intake) gets the copy
    without metadata."""
    if not access.identity:
        return False
    if access.role == Role.INVESTIGATOR:  # granted only through a referral (rule 3 above)
        return True
    return access.role == Role.FOCAL_POINT and has_grant(user, "view_case", complaint)
