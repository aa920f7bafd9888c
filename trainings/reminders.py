"""A focal point whose refresher training is due gets one reminder (through the
notifications outbox): to their own account, or the coordinators if they have none."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import User
from core.roles import Role
from core.selectors import role_holders
from focalpoints.models import FocalPoint
from notifications.registry import Delivery, Due, ReminderKind, reminder_kinds

from .selectors import focal_point_status


def _refreshers_due(now: datetime) -> Iterator[Due]:
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    today = now.astimezone(zone).date()
    for fp in focal_point_status(today=today):
        if fp.status == "refresher_due":
            yield fp, datetime.combine(fp.refresher_due_on, time(9), tzinfo=zone)


def _to_focal_point(focal_point: FocalPoint, stage: str) -> Delivery:
    if focal_point.user_id and focal_point.user.is_active:
        users = User.objects.filter(pk=focal_point.user_id)
    else:
        users = role_holders(Role.COORDINATOR)
    return Delivery(
        users=users, link=reverse("trainings:reports"), label=focal_point.organisation.acronym
    )


reminder_kinds.register(
    ReminderKind(
        "refresher",
        _("Focal-point refresher training due"),
        _to_focal_point,
        due_items=_refreshers_due,
    )
)
