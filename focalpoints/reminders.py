"""Action points of network meetings get a reminder when due soon, through the same
exactly-once reminder rows as referrals (referrals/reminders.py)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse

from core.models import User
from referrals.models import Reminder

from .models import ActionPoint


def action_point_rows(now) -> list[Reminder]:
    horizon = now.astimezone(ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)).date() + timedelta(
        days=settings.AMANA_ACTION_POINT_REMINDER_DAYS
    )
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    return [
        Reminder(
            kind=Reminder.Kind.ACTION_POINT,
            stage=Reminder.Stage.REMINDER,
            subject_id=f"actionpoint:{action.pk}",
            due_at=datetime.combine(action.due_on, time(9), tzinfo=zone),
        )
        for action in ActionPoint.objects.filter(done_on__isnull=True, due_on__lte=horizon)
    ]


def resolve(pk):
    action = ActionPoint.objects.select_related("meeting").get(pk=pk)
    users = User.objects.filter(
        organisation_id=action.owner_id, is_focal_point=True, is_active=True
    )
    link = reverse("focalpoints:meeting", args=[action.meeting_id])
    return users, link, str(action.due_on)
