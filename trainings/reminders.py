"""A focal point whose refresher training is due gets one reminder (the same exactly-once
reminder rows as referrals): to their own account, or the coordinators if they have none."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from core.models import User
from focalpoints.models import FocalPoint
from referrals.models import Reminder

from .selectors import focal_point_status


def refresher_rows(now) -> list[Reminder]:
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    today = now.astimezone(zone).date()
    return [
        Reminder(
            kind=Reminder.Kind.REFRESHER,
            stage=Reminder.Stage.REMINDER,
            subject_id=f"refresher:{fp.pk}",
            due_at=datetime.combine(fp.refresher_due_on, time(9), tzinfo=zone),
        )
        for fp in focal_point_status(today=today)
        if fp.status == "refresher_due"
    ]


def resolve(pk):
    focal_point = FocalPoint.objects.select_related("user").get(pk=pk)
    if focal_point.user_id and focal_point.user.is_active:
        users = User.objects.filter(pk=focal_point.user_id)
    else:
        users = User.objects.filter(is_coordinator=True, is_active=True)
    return users, reverse("trainings:reports"), focal_point.organisation.acronym
