from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone

from . import audit


@shared_task
def clear_expired_sessions() -> int:
    """Idle sessions expire after 30 minutes; their rows go too."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def flag_unusual_reading() -> int:
    """Flag accounts reading many cases in a short time (the notifications app tells the
    coordinators and auditors); returns how many were flagged."""
    return len(audit.unusual_reading_flag())
