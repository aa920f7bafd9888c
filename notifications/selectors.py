"""Reads of notifications, scoped to their owner."""

from __future__ import annotations

from django.db.models import QuerySet

from core.models import User

from .models import Notification


def unread_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)
