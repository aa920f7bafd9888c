"""Writes to the outbox: notices queued by other apps' services, notifications read."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from core.models import User

from .models import Notification, Reminder
from .outbox import reminder_row
from .registry import reminder_kinds
from .tasks import kick_reminders

Stage = Reminder.Stage


def notice_queue(*, kind: str, subject: Model, due_at: datetime) -> Reminder:
    """A notice to send at once (e.g. a new referral), through the exactly-once outbox.
    Call it inside the transaction of the change it announces."""
    if kind not in reminder_kinds:
        raise ValueError(f"unregistered reminder kind {kind!r}")
    row = reminder_row(kind, Stage.REMINDER, subject, due_at)
    reminder, _created = Reminder.objects.get_or_create(
        kind=row.kind,
        stage=row.stage,
        content_type=row.content_type,
        object_id=row.object_id,
        due_at=row.due_at,
    )
    transaction.on_commit(kick_reminders)
    return reminder


def notifications_mark_read(*, user: User) -> int:
    """Mark the user's unread notifications as read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
