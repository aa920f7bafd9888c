import logging

from celery import shared_task

from .outbox import reminders_create, reminders_send

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Beat, every minute: make rows for what is late, then send what is unsent."""
    reminders_create()
    return reminders_send()


def kick_reminders() -> None:
    """Send new notices now rather than at the next beat. Called on commit only.

    If the broker is down the notice is not lost: its row waits for the next beat.
    """
    try:
        send_reminders.apply_async(retry=False)
    except Exception:
        logger.warning("broker unavailable; notices go out with the next beat")
