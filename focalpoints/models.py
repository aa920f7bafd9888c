from datetime import date

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from core.models import Location, Organisation

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,20}[0-9]$",
    _("Enter a phone number of digits, with an optional leading +, e.g. +90 342 555 0101."),
)

# Languages a focal point may speak with the community (ISO 639-1, plus Kurdish).
LANGUAGE_CHOICES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("tr", _("Turkish")),
    ("ku", _("Kurdish")),
    ("fa", _("Persian")),
    ("pt", _("Portuguese")),
]


class FocalPoint(models.Model):
    """One appointment of a person as an agency's PSEA focal point or alternate.

    Rows are never deleted: ending a term keeps the row, so the registry says who was
    focal point when.
    """

    class Kind(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")
        ALTERNATE = "alternate", _("Alternate")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="focal_points",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_point_terms",
        verbose_name=_("user account"),
    )
    kind = models.CharField(
        _("role"), max_length=12, choices=Kind.choices, default=Kind.FOCAL_POINT
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    publish_email = models.BooleanField(
        _("publish the e-mail in the public directory"), default=False
    )
    publish_phone = models.BooleanField(
        _("publish the phone in the public directory"), default=False
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    locations = models.ManyToManyField(
        Location, blank=True, related_name="focal_points", verbose_name=_("locations covered")
    )
    appointed_on = models.DateField(_("appointed on"), default=date.today)
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    psea_in_tor = models.BooleanField(_("PSEA is in their terms of reference"), default=False)
    psea_in_appraisal = models.BooleanField(
        _("PSEA is in their performance evaluation"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["organisation__acronym", "kind", "name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        indexes = [models.Index(fields=["organisation", "is_active"], name="focalpoint_org_active")]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def language_names(self) -> list[str]:
        """The languages spoken, by name in the reader's language (Django's list of
        languages), a code Django does not name as it is."""
        names = []
        for code in self.languages:
            try:
                names.append(str(get_language_info(code)["name_translated"]))
            except KeyError:
                names.append(code.upper())
        return names

    def serving_on(self, day: date) -> bool:
        """Whether this person was (or is) focal point on `day`: the history's question.
        A term ended early keeps its dates; one deactivated without an end date never
        counts."""
        if not self.is_active and self.ends_on is None:
            return False
        return self.appointed_on <= day and (self.ends_on is None or self.ends_on >= day)


class Meeting(models.Model):
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    agenda = models.TextField(_("agenda"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    attendees = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("organisations present"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("network meeting")

    def __str__(self):
        return f"{self.held_on} {self.title}"


class ActionPoint(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return self.description


class CoreStandard(models.TextChoices):
    """The core standards of the PSEA capacity assessment of implementing partners."""

    POLICY = "policy", _("Organisational policy on PSEA")
    CONTRACTS = "contracts", _("PSEA in contracts and partnership agreements")
    SCREENING = "screening", _("Staff screening and recruitment")
    TRAINING = "training", _("Mandatory PSEA training")
    REPORTING = "reporting", _("Reporting mechanisms")
    ASSISTANCE = "assistance", _("Survivor assistance and referral")
    INVESTIGATION = "investigation", _("Investigation capacity")
    CORRECTIVE = "corrective", _("Corrective action")


class Result(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class Rating(models.TextChoices):
    FULL = "full", _("Full capacity")
    MEDIUM = "medium", _("Medium capacity")
    LOW = "low", _("Low capacity")


class Assessment(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="psea_assessments",
        verbose_name=_("partner"),
    )
    assessed_on = models.DateField(_("assessed on"))
    valid_until = models.DateField(_("valid until"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rating = models.CharField(_("overall rating"), max_length=8, choices=Rating.choices)
    code_of_conduct_prohibits_sea = models.BooleanField(
        _("the code of conduct prohibits SEA"), default=False
    )
    agreement_has_psea_clause = models.BooleanField(
        _("the partnership agreement has a PSEA clause"), default=False
    )

    class Meta:
        ordering = ["organisation__acronym", "-assessed_on"]

    def __str__(self):
        return f"{self.organisation} {self.assessed_on}"


class StandardResult(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    standard = models.CharField(max_length=16, choices=CoreStandard.choices)
    result = models.CharField(max_length=8, choices=Result.choices)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "standard"], name="standard_once")
        ]

    def __str__(self):
        return f"{self.standard}: {self.result}"


class ImprovementAction(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="plan")
    description = models.CharField(_("action"), max_length=300)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]

    def __str__(self):
        return self.description


class SafeHiringCheck(models.Model):
    """That a misconduct reference check was made for a hire; never what it said."""

    class Scheme(models.TextChoices):
        MDS = "mds", _("Misconduct Disclosure Scheme")
        REFERENCE = "reference", _("Other reference check")

    class Outcome(models.TextChoices):
        CLEARED = "cleared", _("Cleared")
        NOT_CLEARED = "not_cleared", _("Not cleared")
        NO_RESPONSE = "no_response", _("No response")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="safe_hiring_checks"
    )
    position = models.CharField(_("position"), max_length=120)
    hr_reference = models.CharField(
        _("HR reference"), max_length=60, help_text=_("Your own file number; not a name.")
    )
    checked_on = models.DateField(_("checked on"))
    scheme = models.CharField(_("scheme"), max_length=10, choices=Scheme.choices)
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-checked_on"]

    def __str__(self):
        return f"{self.organisation} {self.hr_reference}"
