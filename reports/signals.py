from django.dispatch import receiver

from complaints.signals import case_purging

from .aggregates import stats_retain


@receiver(case_purging)
def _keep_the_counts(sender, complaint, **kwargs):
    """A purged case still counts: its share of the statistics is frozen first."""
    stats_retain(complaint)
