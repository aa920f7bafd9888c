from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.codes import AgeGroup, Sex
from core.models import Location, Organisation
from focalpoints.models import FocalPoint


class Audience(models.TextChoices):
    STAFF = "staff", _("Agency staff")
    PARTNERS = "partners", _("Implementing partners")
    CBO = "cbo", _("Community-based organisations")
    COMMUNITY = "community", _("Community members")
    FOCAL_POINTS = "focal_points", _("Focal points")


# Audiences whose participants are never named: only counts by sex and age are kept.
ANONYMOUS_AUDIENCES = {Audience.COMMUNITY}


class KeyMessage(models.TextChoices):
    AID_IS_FREE = "aid_is_free", _("Aid is free")
    NO_SEX_FOR_AID = "no_sex_for_aid", _("Aid workers may never ask for sex")
    HOW_TO_REPORT = "how_to_report", _("How to report")
    CONFIDENTIALITY = "confidentiality", _("Reports are confidential")
    SUPPORT = "support", _("Where to get help")
    CHILDREN = "children", _("Any sexual activity with a child is abuse")


class Module(models.Model):
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    audiences = models.JSONField(_("audiences"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    version = models.CharField(_("version"), max_length=20, default="1")
    trains_focal_points = models.BooleanField(
        _("a focal-point module"),
        default=False,
        help_text=_("Attending it makes a focal point trained."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class Material(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"))

    def __str__(self):
        return self.title


class Session(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("organised by"),
    )
    facilitator_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("facilitating organisation"),
    )
    facilitator = models.CharField(_("facilitator"), max_length=120, blank=True)
    audience = models.CharField(_("audience"), max_length=15, choices=Audience.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    key_messages = models.JSONField(_("key messages"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on"]
        indexes = [models.Index(fields=["status", "starts_on"], name="session_status_date")]

    def __str__(self):
        return f"{self.module.title} {self.starts_on}"

    @property
    def anonymous(self) -> bool:
        return self.audience in ANONYMOUS_AUDIENCES


SCORE = [MinValueValidator(0), MaxValueValidator(100)]


class Participant(models.Model):
    """A named participant (staff, partners, focal points). Community sessions have none."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    focal_point = models.ForeignKey(
        FocalPoint, on_delete=models.SET_NULL, null=True, blank=True, related_name="trainings",
        verbose_name=_("focal point in the registry"),
    )  # fmt: skip
    sex = models.CharField(_("sex"), max_length=15, choices=Sex.choices, default=Sex.OTHER_UNKNOWN)
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    attended = models.BooleanField(_("attended"), default=True)
    pre_score = models.PositiveSmallIntegerField(
        _("pre-test score (%)"), null=True, blank=True, validators=SCORE
    )
    post_score = models.PositiveSmallIntegerField(
        _("post-test score (%)"), null=True, blank=True, validators=SCORE
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AttendanceCount(models.Model):
    """People reached, counted by sex and age group (never names)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="counts")
    sex = models.CharField(max_length=15, choices=Sex.choices)
    age_group = models.CharField(max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "sex", "age_group"], name="count_cell_once")
        ]

    def __str__(self):
        return f"{self.sex}/{self.age_group}: {self.count}"
