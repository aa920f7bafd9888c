"""Code lists shared by every app (DOMAIN.md sections 4 and 5): persons' sex and age
group, yes/no/unknown and countries. Quasi-identifiers are stored as these codes, never
as free text, so statistics can coarsen them. Lists used by one app live in that app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER_UNKNOWN = "other_unknown", _("Other / unknown")


class AgeGroup(models.TextChoices):
    AGE_0_11 = "0-11", _("0-11")
    AGE_12_17 = "12-17", _("12-17")
    AGE_18_25 = "18-25", _("18-25")
    AGE_26_59 = "26-59", _("26-59")
    AGE_60_PLUS = "60+", _("60 or over")
    UNKNOWN = "unknown", _("Unknown")


CHILD_AGE_GROUPS = {AgeGroup.AGE_0_11, AgeGroup.AGE_12_17}


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


# ISO 3166-1 alpha-3 codes of the operations' region, in English alphabetical order, and
# "ZZZ" for unknown. Names show in the user's language. Extend as needed.
COUNTRY_CHOICES = [
    ("AFG", _("Afghanistan")),
    ("ARG", _("Argentina")),
    ("BRA", _("Brazil")),
    ("CHL", _("Chile")),
    ("COL", _("Colombia")),
    ("ECU", _("Ecuador")),
    ("DEU", _("Germany")),
    ("GRC", _("Greece")),
    ("IRN", _("Iran")),
    ("IRQ", _("Iraq")),
    ("JOR", _("Jordan")),
    ("LBN", _("Lebanon")),
    ("MEX", _("Mexico")),
    ("PAN", _("Panama")),
    ("PER", _("Peru")),
    ("ESP", _("Spain")),
    ("SYR", _("Syria")),
    ("TTO", _("Trinidad and Tobago")),
    ("TUR", _("Türkiye")),
    ("USA", _("United States")),
    ("VEN", _("Venezuela")),
    ("ZZZ", _("Unknown")),
]
COUNTRIES = dict(COUNTRY_CHOICES)
