from django.db import models

from core.models import Location, Organisation


class StatCell(models.Model):
    """One pre-computed base cell of the statistics (see aggregates.py).

    `organisation` is NULL for the network-wide grid and set for an organisation's own
    cases (its received complaints). Rebuilt from the cases by a beat task; the API reads
    only these rows.
    """

    dimension = models.CharField(max_length=30)
    month = models.DateField()
    admin1 = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    key = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["dimension", "organisation", "month"], name="statcell_lookup"),
        ]

    def __str__(self):
        return f"{self.dimension}:{self.key} {self.month} = {self.count}"


class RetainedCell(models.Model):
    """What a purged case leaves: its share of the base cells, frozen when it was purged
    (complaints' retention), in the same grain as `StatCell` (month x admin1 x
    organisation x value). Summed cells of every purged case; `stats_rebuild` adds them to
    the live cases' cells, so a purge changes no published figure."""

    dimension = models.CharField(max_length=30)
    month = models.DateField()
    admin1 = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    key = models.CharField(max_length=40, blank=True)
    count = models.PositiveIntegerField()

    def __str__(self):
        return f"retained {self.dimension}:{self.key} {self.month} = {self.count}"
