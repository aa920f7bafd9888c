from django.db import models

from core.models import Location, Organisation


class StatRelease(models.Model):
    """One build of the statistics, from one consistent snapshot of the cases. Every
    response names the release it was read from."""

    built_at = models.DateTimeField()
    cells = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-built_at"]

    def __str__(self):
        return f"release {self.pk} ({self.built_at:%Y-%m-%d %H:%M})"


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
    count = models.PositiveIntegerField()  # the true count: never published
    key_sum = models.PositiveBigIntegerField(default=0)  # its cases' record keys, summed
    # The count plus the noise at the cell key (the sum of its cases' record keys): what
    # every published figure is summed from (see disclosure.py).
    perturbed = models.PositiveIntegerField(default=0)

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
    key_sum = models.PositiveBigIntegerField(default=0)  # the purged cases' record keys

    def __str__(self):
        return f"retained {self.dimension}:{self.key} {self.month} = {self.count}"
