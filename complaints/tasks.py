from celery import shared_task


@shared_task
def rebuild_statistics() -> int:
    """Beat: recompute the anonymised statistics' base cells."""
    from .stats.aggregates import stats_rebuild

    return stats_rebuild()
