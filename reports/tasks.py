from celery import shared_task

from .aggregates import stats_rebuild


@shared_task
def rebuild_statistics() -> int:
    """Beat: recompute the anonymised statistics' base cells."""
    return stats_rebuild()
