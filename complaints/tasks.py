from celery import shared_task

from . import services


@shared_task
def purge_expired_cases() -> int:
    """Beat, daily: purge the closed cases past their retention period (retention.py)."""
    return services.complaints_purge_expired()
