from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from complaints.models import Complaint, Person
from core.crypto import EncryptedModel, EncryptedTextField
from core.models import Organisation


class InvestigationStatus(models.TextChoices):
    REFERRED = "referred", _("Referred, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    PRELIMINARY = "preliminary", _("Preliminary assessment")
    INVESTIGATING = "investigating", _("Under investigation")
    CLOSED_NO_INFO = "closed_no_info", _("Closed for lack of information")
    SUBSTANTIATED = "substantiated", _("Substantiated")
    NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_INVESTIGATION = {
    InvestigationStatus.REFERRED,
    InvestigationStatus.ACKNOWLEDGED,
    InvestigationStatus.PRELIMINARY,
    InvestigationStatus.INVESTIGATING,
}
OUTCOMES = {
    InvestigationStatus.CLOSED_NO_INFO,
    InvestigationStatus.SUBSTANTIATED,
    InvestigationStatus.NOT_SUBSTANTIATED,
    InvestigationStatus.CLOSED,
}


class Action(models.TextChoices):
    DISMISSAL = "dismissal", _("Dismissal")
    DISCIPLINARY = "disciplinary", _("Other disciplinary measure")
    NATIONAL_AUTHORITIES = "authorities", _("Referral to national authorities")
    PATERNITY = "paternity", _("Paternity or child-support claim")
    OTHER = "other", _("Other")


class WithdrawalReason(models.TextChoices):
    WRONG_AFFILIATION = "wrong_affiliation", _("The affiliation was wrong")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("The survivor withdrew consent")
    DUPLICATE = "duplicate", _("Duplicate of another referral")
    OTHER = "other", _("Other")


class ReferralBasis(models.TextChoices):
    """On what an allegation is referred for investigation (DOMAIN.md section 9: the duty
    to report is not consent). Without the survivor's consent the agency is told of the
    allegation, never who the survivor, the complainant or the witnesses are."""

    CONSENT = "consent", _("The survivor consented to the referral")
    DUTY_TO_REPORT = "duty_to_report", _("Duty to report, without the survivor's identity")
    NO_SURVIVOR_KNOWN = "no_survivor", _("No survivor is known (a witness or third-party report)")


class InvestigationReferral(models.Model):
    """An SEA allegation referred to the investigating entity of one organisation."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="investigation_referrals"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="investigation_referrals"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvestigationStatus.choices,
        default=InvestigationStatus.REFERRED,
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    acknowledgement_due_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    update_due_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    actions_taken = models.JSONField(_("actions taken"), default=list, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.CharField(
        max_length=20, choices=WithdrawalReason.choices, blank=True
    )
    basis = models.CharField(
        _("referred on"),
        max_length=16,
        choices=ReferralBasis.choices,
        default=ReferralBasis.CONSENT,
    )
    consent_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at"]
        indexes = [
            models.Index(fields=["organisation", "status"], name="invref_org_status"),
            models.Index(fields=["status", "acknowledgement_due_at"], name="invref_ack_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="invref_one_open_per_org",
            )
        ]

    def __str__(self):
        return f"{self.complaint_id} -> {self.organisation_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_INVESTIGATION

    @property
    def actions_display(self) -> list[str]:
        labels = dict(Action.choices)
        return [str(labels.get(code, code)) for code in self.actions_taken]


class Service(models.TextChoices):
    MEDICAL = "medical", _("Medical care")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    LEGAL = "legal", _("Legal aid")
    SAFETY = "safety", _("Safety and protection")
    MATERIAL = "material", _("Material or livelihood support")
    SHELTER = "shelter", _("Shelter")
    EDUCATION = "education", _("Education")
    CHILD_PROTECTION = "child_protection", _("Child protection")


class AssistanceStatus(models.TextChoices):
    REFERRED = "referred", _("Referred")
    ACCEPTED = "accepted", _("Accepted by the provider")
    DECLINED = "declined", _("Declined by the provider")
    PROVIDED = "provided", _("Service provided")
    OWN_AGENCY = "own_agency", _("Provided by own agency")
    ALREADY_RECEIVED = "already_received", _("Already received elsewhere")
    DECLINED_BY_SURVIVOR = "declined_by_survivor", _("Declined by the survivor")
    UNAVAILABLE = "unavailable", _("Service unavailable")


class AssistanceReferral(EncryptedModel):
    """One service for one survivor, referred to one provider with the survivor's consent.

    The provider sees the survivor's contact and `needs`, nothing else of the case.
    """

    data_key_from = "complaint"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="assistance_referrals"
    )
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(_("service"), max_length=20, choices=Service.choices)
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="assistance_referrals"
    )
    needs = EncryptedTextField(_("needs shared with the provider"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssistanceStatus.choices,
        default=AssistanceStatus.REFERRED,
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(default=timezone.now)
    response_due_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    provided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at"]
        indexes = [
            models.Index(fields=["provider", "status"], name="assist_provider_status"),
            models.Index(fields=["status", "response_due_at"], name="assist_response_due"),
        ]

    def __str__(self):
        return f"{self.service} for {self.survivor_id}"
