"""Reads of accounts shared by every app, and of the audit trail."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from .audit import UNUSUAL_READING, case_types
from .models import AccountRequest, AuditEvent, Organisation, User
from .roles import ROLE_FIELDS, Role


def role_holders(role: Role) -> QuerySet[User]:
    """Active accounts holding `role` (e.g. the coordinators a reminder escalates to)."""
    return User.objects.filter(is_active=True, **{ROLE_FIELDS[role]: True})


def organisations_acted_for(user: Any) -> QuerySet[Organisation]:
    """The active organisations whose network records (registry entries, safe-hiring
    checks, training sessions) the user keeps: every one for a coordinator, else their own."""
    organisations = Organisation.objects.filter(is_active=True)
    if user.has_role(Role.COORDINATOR):
        return organisations
    return organisations.filter(pk=user.organisation_id)


# --- The audit trail ------------------------------------------------------------------

# A detail value is shown only if it looks like an id, a code, a date or a number: the
# services write nothing else there, and anything else (free text by mistake) is withheld.
_CODE = re.compile(r"[\w.:+@/-]{1,64}", re.ASCII)
WITHHELD = "[withheld]"


def audit_trail_for_user(
    user: Any,
    *,
    reference: str = "",
    actor: User | None = None,
    organisation: Organisation | None = None,
    action: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEvent]:
    """The events an auditor or coordinator may read, newest first, filtered.

    Never an event about a case the user is recused from, nor the unusual-reading alert
    about the user themself. `reference` is a case reference (through the case apps'
    registrations); `action` matches a code or a prefix ("referral." for every referral
    event); the dates are inclusive days.
    """
    events = AuditEvent.objects.select_related("actor", "actor_organisation")
    for case in case_types:
        hidden = case.recused_from(user)
        if hidden:
            events = events.exclude(object_type=case.object_type, object_id__in=hidden)
    events = events.exclude(
        action=UNUSUAL_READING, object_type=User._meta.label_lower, object_id=str(user.pk)
    )
    if reference:
        named = Q(pk__in=[])
        for case in case_types:
            ids = case.find(reference)
            if ids:
                named |= Q(object_type=case.object_type, object_id__in=ids)
        events = events.filter(named)
    if actor is not None:
        events = events.filter(actor=actor)
    if organisation is not None:
        events = events.filter(actor_organisation=organisation)
    if action:
        events = events.filter(action__startswith=action)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events


def case_references(events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """The case reference of each case event, by (object type, object id): one query per
    case type present."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        wanted.setdefault(event.object_type, set()).add(event.object_id)
    references = {}
    for case in case_types:
        if wanted.get(case.object_type):
            for object_id, reference in case.references(wanted[case.object_type]).items():
                references[(case.object_type, object_id)] = reference
    return references


def detail_text(detail: Any) -> str:
    """An event's detail as "key: value; ..." for the page and the export, each value
    shown only if it is an id, a code, a date or a number (see `_CODE`)."""
    if not isinstance(detail, dict):
        return ""
    return "; ".join(f"{_shown(key)}: {_shown(value)}" for key, value in sorted(detail.items()))


def _shown(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        return "{" + detail_text(value) + "}"
    text = str(value)
    return text if _CODE.fullmatch(text) else WITHHELD


def account_requests_pending() -> QuerySet[AccountRequest]:
    """Account requests waiting for a coordinator (separation of duties), oldest first,
    with what the page shows of each: the account, its organisation, the requester."""
    return (
        AccountRequest.objects.filter(status=AccountRequest.Status.PENDING)
        .select_related("user__organisation", "organisation", "requested_by")
        .order_by("requested_at", "id")
    )
