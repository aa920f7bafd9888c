"""Code lists shared by every app (DOMAIN.md sections 4 and 5): persons' sex and age
group, yes/no/unknown and countries. Quasi-identifiers are stored as these codes, never
as free text, so statistics can coarsen them. Lists used by one app live in that app."""

import functools
import gettext as gettext_module
from typing import Any

import pycountry
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
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


# Every ISO 3166-1 country by its alpha-3 code (as DOMAIN.md and CTDC's "alpha-3" columns
# use), in English alphabetical order, and "ZZZ" for unknown. Names show in the user's
# language: Amana's own catalogue first (the region's countries, reviewed), then
# pycountry's ISO 3166 catalogues, then English.
def _country_name(english: str, official: str) -> str:
    language = translation.get_language() or "en"
    own = gettext(english)
    if own != english or language.startswith("en"):
        return own
    catalogue = _iso_catalogue(language.split("-")[0])
    for msgid in (english, official):
        if msgid in catalogue:
            return catalogue[msgid]
    return english


@functools.cache
def _iso_catalogue(language: str) -> dict[str, str]:
    """pycountry's ISO 3166-1 names in one language ({} when it has none)."""
    catalogue = gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True
    )
    return dict(getattr(catalogue, "_catalog", {}))


_country_name_lazy = lazy(_country_name, str)
_SHORT_NAMES = {"TUR": "Türkiye"}


def _countries() -> list[tuple[str, Any]]:
    rows = []
    for country in pycountry.countries:
        official = country.name
        english = _SHORT_NAMES.get(country.alpha_3, getattr(country, "common_name", official))
        rows.append((english, country.alpha_3, official))
    rows.sort(key=lambda row: row[0])
    choices: list[tuple[str, Any]] = [
        (code, _country_name_lazy(english, official)) for english, code, official in rows
    ]
    return [*choices, ("ZZZ", _("Unknown"))]


COUNTRY_CHOICES = _countries()
ALPHA2_TO_ALPHA3 = {country.alpha_2: country.alpha_3 for country in pycountry.countries}
ALPHA3_TO_ALPHA2 = {alpha3: alpha2 for alpha2, alpha3 in ALPHA2_TO_ALPHA3.items()}
COUNTRIES = dict(COUNTRY_CHOICES)
