"""Action points of network meetings get a reminder when due soon, through the
notifications outbox (notifications/registry.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.roles import Role
from core.selectors import role_holders
from notifications.registry import Delivery, Due, ReminderKind, reminder_kinds

from .models import ActionPoint


def _action_points_due(now: datetime) -> Iterator[Due]:
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    horizon = now.astimezone(zone).date() + timedelta(
        days=settings.AMANA_ACTION_POINT_REMINDER_DAYS
    )
    for action in ActionPoint.objects.filter(done_on__isnull=True, due_on__lte=horizon):
        yield action, datetime.combine(action.due_on, time(9), tzinfo=zone)


def _to_owner(action: ActionPoint, stage: str) -> Delivery:
    """The owning agency's focal points."""
    return Delivery(
        users=role_holders(Role.FOCAL_POINT).filter(organisation_id=action.owner_id),
        link=reverse("focalpoints:meeting", args=[action.meeting_id]),
        label=str(action.due_on),
    )


reminder_kinds.register(
    ReminderKind(
        "action_point", _("Network action point due"), _to_owner, due_items=_action_points_due
    )
)
