"""Code lists of the service map. `ServiceType` keeps every value of
`referrals.models.Service` (the services a survivor consents to be referred for) and adds
the assistance a victim of trafficking needs (DOMAIN.md section 10)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal aid")
    SAFETY = "safety", _("Safety and protection")
    MATERIAL = "material", _("Material or livelihood support")
    SHELTER = "shelter", _("Shelter")
    EDUCATION = "education", _("Education")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    DOCUMENTS = "documents", _("Documents and legal status")
    RETURN_RELOCATION = "return_relocation", _("Return or relocation")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    INTERPRETATION = "interpretation", _("Interpretation")
    LIVELIHOODS = "livelihoods", _("Livelihoods")
    REINTEGRATION = "reintegration", _("Reintegration")


class AgesServed(models.TextChoices):
    ALL = "all", _("Children and adults")
    CHILDREN = "children", _("Children (under 18)")
    ADULTS = "adults", _("Adults (18 and over)")


class SexesServed(models.TextChoices):
    ALL = "all", _("Women, men, girls and boys")
    FEMALE = "female", _("Women and girls")
    MALE = "male", _("Men and boys")


class Cost(models.TextChoices):
    FREE = "free", _("Free")
    FEE = "fee", _("A fee is charged")
    FEE_WAIVABLE = "fee_waivable", _("A fee, waived for those who cannot pay")


class Accessibility(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    SIGN_LANGUAGE = "sign_language", _("Sign language")
    EASY_READ = "easy_read", _("Easy-read or pictorial information")
    FEMALE_STAFF = "female_staff", _("Female staff available")
    CHILD_FRIENDLY = "child_friendly", _("Child-friendly space")
    OUTREACH = "outreach", _("Mobile or outreach visits")
    REMOTE = "remote", _("By phone or online")


class Language(models.TextChoices):
    """Languages a service point works in (ISO 639-1) across the operation's regions:
    the Middle East, Türkiye, the Americas and West Africa."""

    ARABIC = "ar", _("Arabic")
    KURDISH = "ku", _("Kurdish")
    TURKISH = "tr", _("Turkish")
    PERSIAN = "fa", _("Persian")
    PASHTO = "ps", _("Pashto")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    HAUSA = "ha", _("Hausa")


class Topic(models.TextChoices):
    HOTLINE = "hotline", _("Hotline numbers")
    SERVICE_POINTS = "service_points", _("Service points")
    TRAFFICKING_INDICATORS = "trafficking_indicators", _("Trafficking indicators")
    SAFE_MIGRATION = "safe_migration", _("Safe migration")
    SEA = "sea", _("Sexual exploitation and abuse")


# The fields of a service point that may be shown on the public pages (besides its name,
# organisation and service, which a published point always shows). The address is left
# out by default: a shelter's must stay confidential.
PUBLISHABLE_FIELDS = [
    ("locations", _("Locations covered")),
    ("address", _("Address")),
    ("hours", _("Opening hours")),
    ("languages", _("Languages")),
    ("ages_served", _("Ages served")),
    ("sexes_served", _("Sexes served")),
    ("accessibility", _("Accessibility")),
    ("cost", _("Cost")),
    ("contact_phone", _("Phone")),
    ("contact_email", _("E-mail")),
]
PUBLISHED_BY_DEFAULT = [name for name, _label in PUBLISHABLE_FIELDS if name != "address"]


def default_published_fields() -> list[str]:
    return list(PUBLISHED_BY_DEFAULT)
