from celery import shared_task

from .services import retention


@shared_task
def purge_expired_victims() -> int:
    """Beat, daily: victim records past their retention period lose their identity."""
    return retention.victims_purge_expired()
