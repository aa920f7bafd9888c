"""The victim-of-trafficking registry: one record per person (DOMAIN.md section 10), its
assistance plan with services and follow-up visits, and the referral to the national
referral mechanism (NRM) or anti-trafficking authority.

A record is person-centred: it may come from a complaint (and its person) or be opened
directly by a counter-trafficking officer. Identifying and narrative fields are encrypted
under the record's own data key, which the plan, its services and visits share, so the
whole record is purged by destroying one key. Quasi-identifiers are codes
(`trafficking/codes.py`) that map onto the CTDC codebook, for statistics and export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.codes import ConsentGivenBy
from complaints.models import Complaint, Person, new_stat_key
from complaints.models import new_reference as new_complaint_reference
from core.crypto import EncryptedModel, EncryptedTextField
from core.models import Location, Organisation

from . import codes


def new_reference() -> str:
    """e.g. "VT-7KQ9-XW3D": random, like a complaint's, and told apart by its prefix."""
    return "VT-" + new_complaint_reference().split("-", 1)[1]


def _codes(verbose: str) -> models.JSONField:
    """A multiple choice: a list of codes, validated by the services against its list."""
    return models.JSONField(verbose, default=list, blank=True)


class Victim(EncryptedModel):
    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    # None until the coordinator assigns one (a report from the public form).
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="victims",
        verbose_name=_("managing organisation"),
    )
    # The record outlives the complaint that identified the person: purging the complaint
    # at the end of its retention period unlinks it (the registry has its own period).
    complaint = models.ForeignKey(
        Complaint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="victims",
        verbose_name=_("identified through complaint"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="victim_records"
    )
    # Identifying: encrypted.
    name = EncryptedTextField(_("name"), blank=True)
    alias = EncryptedTextField(_("alias or other names"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    notes = EncryptedTextField(_("case notes"), blank=True)
    # Identification (HTCDS).
    status = models.CharField(
        _("identification status"),
        max_length=14,
        choices=codes.IdentificationStatus.choices,
        default=codes.IdentificationStatus.PRESUMED,
    )
    identified_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("identified by"),
    )
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    # Registration (CTDC yearOfRegistration, Datasource).
    registered_on = models.DateField(_("registered on"), default=timezone.localdate)
    registered_precision = models.CharField(
        max_length=5, choices=codes.DatePrecision.choices, default=codes.DatePrecision.DAY
    )
    data_source = models.CharField(
        _("data source"),
        max_length=16,
        choices=codes.DataSource.choices,
        default=codes.DataSource.CASE_MANAGEMENT,
    )
    # Who (CTDC gender, ageBroad, majority...).
    gender = models.CharField(
        _("gender"), max_length=8, choices=codes.Gender.choices, default=codes.Gender.UNKNOWN
    )
    age_band = models.CharField(
        _("age at registration"),
        max_length=8,
        choices=codes.AgeBand.choices,
        default=codes.AgeBand.UNKNOWN,
    )
    # CTDC majorityStatus: known even where the age band is not (imported records).
    majority = models.CharField(
        _("adult or minor at registration"),
        max_length=8,
        choices=codes.Majority.choices,
        default=codes.Majority.UNKNOWN,
    )
    majority_at_exploitation = models.CharField(
        _("adult or minor when exploited"),
        max_length=8,
        choices=codes.Majority.choices,
        default=codes.Majority.UNKNOWN,
    )
    majority_at_entry = models.CharField(
        _("adult or minor when entering the situation"),
        max_length=8,
        choices=codes.Majority.choices,
        default=codes.Majority.UNKNOWN,
    )
    citizenship = _codes(_("countries of citizenship"))
    exploitation_countries = _codes(_("countries of exploitation"))
    transit_countries = _codes(_("countries of transit"))
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("where the person is now"),
    )
    # The Palermo elements, several choices each; the means are waived for a child.
    acts = _codes(_("act"))
    means = _codes(_("means"))
    purposes = _codes(_("purpose: types of exploitation"))
    labour_sectors = _codes(_("labour sectors"))
    sexual_exploitation_types = _codes(_("types of sexual exploitation"))
    means_of_control = _codes(_("means of control"))
    recruiter_relations = _codes(_("relation to the recruiter"))
    # When (with the precision the person could give).
    exploitation_began = models.DateField(_("exploitation began"), null=True, blank=True)
    exploitation_began_precision = models.CharField(
        max_length=5, choices=codes.DatePrecision.choices, default=codes.DatePrecision.DAY
    )
    exploitation_ended = models.DateField(_("exploitation ended"), null=True, blank=True)
    exploitation_ended_precision = models.CharField(
        max_length=5, choices=codes.DatePrecision.choices, default=codes.DatePrecision.DAY
    )
    duration = models.CharField(
        _("duration of the exploitation"),
        max_length=8,
        choices=codes.Duration.choices,
        default=codes.Duration.UNKNOWN,
    )
    consents_to_statistics = models.BooleanField(_("counted in statistics"), default=True)
    # The record key of the statistics' cell-key method (reports/disclosure.py), never shown.
    stat_key = models.PositiveSmallIntegerField(default=new_stat_key, editable=False)
    # None for a record imported or carried over from a complaint's trafficking details.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when the record's retention period ended (trafficking/retention.py): its data key
    # is destroyed, so its identity, notes and plan texts are gone; the codes stay, counted
    # in statistics, and no one opens the record again.
    purged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("victim of trafficking")
        verbose_name_plural = _("victims of trafficking")
        indexes = [
            models.Index(fields=["organisation", "-created_at"], name="victim_org_created"),
            models.Index(fields=["status"], name="victim_status"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_minor(self) -> bool:
        """A child now or when exploited: the Palermo means are waived (DOMAIN.md 10)."""
        return self.age_band in codes.MINOR_AGE_BANDS or codes.Majority.MINOR in (
            self.majority,
            self.majority_at_exploitation,
        )


class AssistancePlan(EncryptedModel):
    """One plan per victim, from shelter to reintegration."""

    data_key_from = "victim"

    victim = models.OneToOneField(Victim, on_delete=models.CASCADE, related_name="plan")
    needs_assessment = EncryptedTextField(_("needs assessment"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=6, choices=codes.PlanStatus.choices, default=codes.PlanStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_reason = models.CharField(
        _("why the plan closed"), max_length=14, choices=codes.PlanClosure.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"plan of {self.victim_id}"


class PlanService(EncryptedModel):
    """A service in the plan, with the person's consent to it (DOMAIN.md section 9: a
    caregiver or a best-interests determination for a child)."""

    data_key_from = "plan"

    plan = models.ForeignKey(AssistancePlan, on_delete=models.CASCADE, related_name="services")
    # pathways.codes.ServiceType
    service = models.CharField(_("service"), max_length=20)
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trafficking_services",
        verbose_name=_("provider"),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=codes.PlanServiceStatus.choices,
        default=codes.PlanServiceStatus.PLANNED,
    )
    consented = models.BooleanField(_("consent given"), default=False)
    consent_given_by = models.CharField(
        _("consent given by"), max_length=16, choices=ConsentGivenBy.choices, blank=True
    )
    consent_recorded_at = models.DateTimeField(null=True, blank=True)
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    needs = EncryptedTextField(_("needs shared with the provider"), blank=True)
    planned_for = models.DateField(_("planned for"), null=True, blank=True)
    provided_on = models.DateField(_("provided on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "service"]
        indexes = [models.Index(fields=["provider", "status"], name="plansvc_provider_status")]

    def __str__(self) -> str:
        return f"{self.service} in {self.plan_id}"

    @property
    def shared_with_provider(self) -> bool:
        return bool(
            self.provider_id
            and self.consented
            and self.consent_withdrawn_at is None
            and self.status
            in {
                codes.PlanServiceStatus.REFERRED,
                codes.PlanServiceStatus.IN_PROGRESS,
                codes.PlanServiceStatus.PROVIDED,
            }
        )


class FollowUp(EncryptedModel):
    """A follow-up visit due on a date; a reminder goes out when it is late."""

    data_key_from = "plan"

    plan = models.ForeignKey(AssistancePlan, on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = EncryptedTextField(_("what was found"), blank=True)

    class Meta:
        ordering = ["due_on"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="followup_due")]

    def __str__(self) -> str:
        return f"follow-up of {self.plan_id} on {self.due_on}"


class NrmReferral(EncryptedModel):
    """Referral to the national referral mechanism or anti-trafficking authority: an
    explicit step taken only with the person's consent, acknowledged by the authority."""

    data_key_from = "victim"

    victim = models.ForeignKey(Victim, on_delete=models.CASCADE, related_name="nrm_referrals")
    authority = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nrm_referrals"
    )
    consent_given_by = models.CharField(
        _("consent given by"), max_length=16, choices=ConsentGivenBy.choices
    )
    shares_identity = models.BooleanField(_("the person agreed to share their identity"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=codes.NrmStatus.choices,
        default=codes.NrmStatus.REFERRED,
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    acknowledgement_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_reference = EncryptedTextField(_("the authority's reference"), blank=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        ordering = ["-referred_at"]
        indexes = [models.Index(fields=["status", "acknowledgement_due_at"], name="nrm_ack_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["victim", "authority"],
                condition=models.Q(status__in=["referred", "acknowledged"]),
                name="nrm_one_open_per_authority",
            )
        ]

    def __str__(self) -> str:
        return f"{self.victim_id} -> {self.authority_id}"
