"""The service map (referral pathways) and the public information windows.

A service point is organisation contact data, not personal data: nothing is encrypted.
A point covering a place covers every place beneath it (`selectors.providers_for`).
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Location, Organisation

from .codes import (
    AgesServed,
    Cost,
    ServiceType,
    SexesServed,
    Topic,
    default_published_fields,
)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{1,20}[0-9]$",
    _("Enter a phone number of digits, with an optional leading +, e.g. +90 342 555 0101."),
)


class ServicePoint(models.Model):
    """One service one organisation offers, where, when and to whom."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name=_("organisation"),
    )
    service = models.CharField(_("service"), max_length=20, choices=ServiceType.choices)
    name = models.CharField(
        _("name"), max_length=160, help_text=_("For example: Safe Haven clinic, Gaziantep.")
    )
    locations = models.ManyToManyField(
        Location,
        related_name="service_points",
        verbose_name=_("locations covered"),
        help_text=_("A province covers every district and site in it."),
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("Not published unless you tick it below. Keep a shelter's address off."),
    )
    hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    ages_served = models.CharField(
        _("ages served"), max_length=10, choices=AgesServed.choices, default=AgesServed.ALL
    )
    sexes_served = models.CharField(
        _("sexes served"), max_length=10, choices=SexesServed.choices, default=SexesServed.ALL
    )
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    accessibility_note = models.CharField(_("accessibility note"), max_length=300, blank=True)
    cost = models.CharField(_("cost"), max_length=14, choices=Cost.choices, default=Cost.FREE)
    contact_phone = models.CharField(
        _("phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    contact_email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_published = models.BooleanField(
        _("show on the public pages"),
        default=False,
        help_text=_("Only the fields ticked below are shown."),
    )
    published_fields = models.JSONField(
        _("fields shown on the public pages"), default=default_published_fields, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["service", "organisation__acronym", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        indexes = [models.Index(fields=["service", "is_active"], name="servicepoint_service")]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


LANGUAGE_CHOICES = settings.LANGUAGES


class InfoWindow(models.Model):
    """A public information page for a place or a migration route, written in each of
    the site's languages (`InfoWindowText`)."""

    slug = models.SlugField(
        _("address of the page"),
        max_length=60,
        unique=True,
        help_text=_("Letters, digits and hyphens: /info/<this>/"),
    )
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("location"),
    )
    route = models.CharField(
        _("route"),
        max_length=120,
        blank=True,
        help_text=_("For example: Cúcuta – Bogotá."),  # noqa: RUF001
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    hotline = models.CharField(
        _("hotline number"),
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text=_("Printed large on the poster."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("information window")
        verbose_name_plural = _("information windows")

    def __str__(self) -> str:
        return self.slug

    def topic_labels(self) -> list[str]:
        return [str(label) for value, label in Topic.choices if value in self.topics]


class InfoWindowText(models.Model):
    """One language's text of a window. `body` is HTML, sanitised by the service that
    saves it (`services.info_text_save`), never by the template."""

    window = models.ForeignKey(InfoWindow, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["window", "language"]
        constraints = [models.UniqueConstraint(fields=["window", "language"], name="infotext_once")]

    def __str__(self) -> str:
        return f"{self.window.slug} [{self.language}]"
