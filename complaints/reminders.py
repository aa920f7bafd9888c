"""The complaint's own reminders, registered with the notifications outbox: a submitted
complaint not screened within its deadline reminds the coordinators; a closed case
reminds them `AMANA_RETENTION_WARNING_DAYS` before it is purged (retention.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.selectors import role_holders
from notifications.registry import Delivery, Due, ReminderKind, reminder_kinds

from . import codes, deadlines, retention
from .models import Complaint
from .selectors import not_recused


def to_coordinators(complaint: Complaint, stage: str) -> Delivery:
    """The coordinators not recused from the case, with a link to its page and its
    reference."""
    return Delivery(
        users=not_recused(role_holders(Role.COORDINATOR), complaint),
        link=reverse("complaints:detail", args=[complaint.reference]),
        label=complaint.reference,
    )


def _screenings_due(now: datetime) -> Iterator[Due]:
    late = Complaint.objects.filter(
        status=codes.Status.RECEIVED, submitted_at__lte=deadlines.SCREENING.started_before(now)
    ).only("pk", "submitted_at")
    return ((complaint, deadlines.SCREENING.after(complaint.submitted_at)) for complaint in late)


reminder_kinds.register(
    ReminderKind("screening", _("Screening due"), to_coordinators, due_items=_screenings_due)
)


def _to_forwarded_agency(complaint: Complaint, stage: str) -> Delivery:
    """The focal points of the organisation a complaint was forwarded to."""
    focal_points = role_holders(Role.FOCAL_POINT).filter(organisation_id=complaint.forwarded_to_id)
    return Delivery(
        users=not_recused(focal_points, complaint),
        link=reverse("complaints:detail", args=[complaint.reference]),
        label=complaint.reference,
    )


reminder_kinds.register(
    ReminderKind(
        "forwarded", _("A complaint was forwarded to your organisation"), _to_forwarded_agency
    )
)


def _rereviews_due(now: datetime) -> Iterator[Due]:
    """Cases closed as unattributed come back to the coordinators on their re-review date."""
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    due = Complaint.objects.filter(
        status=codes.Status.CLOSED,
        closure_reason=codes.ClosureReason.UNATTRIBUTED,
        rereview_on__lte=now.astimezone(zone).date(),
    ).only("pk", "rereview_on")
    for complaint in due:
        yield complaint, datetime.combine(complaint.rereview_on, time(9), tzinfo=zone)


reminder_kinds.register(
    ReminderKind(
        "rereview",
        _("An unattributed case is due for review"),
        to_coordinators,
        due_items=_rereviews_due,
    )
)
# Sent at submission (complaints.services): rape or sexual assault within 120 hours.
reminder_kinds.register(
    ReminderKind("urgent_medical", _("Urgent medical referral (within 120 hours)"), to_coordinators)
)


def _purges_ahead(now: datetime) -> Iterator[Due]:
    """Closed cases to be purged within the warning period: the coordinators are told
    once (per closure: a case reopened and closed again is told again), and can still
    reopen one that must be kept."""
    warning = retention.warning_period()
    for complaint in retention.due_for_purge(now + warning).only(
        "pk", "status", "closed_at", "closure_reason", "classification", "category", "rereview_on"
    ):
        due = retention.purge_due_at(complaint)
        if due is not None:
            yield complaint, due - warning


reminder_kinds.register(
    ReminderKind(
        "retention",
        _("A closed case will be deleted at the end of its retention period"),
        to_coordinators,
        due_items=_purges_ahead,
    )
)
