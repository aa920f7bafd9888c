import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.codes import COUNTRY_CHOICES, AgeGroup, Sex, YesNoUnknown
from core.crypto import EncryptedModel, EncryptedTextField
from core.models import Location, Organisation

from . import codes

# Crockford-like alphabet: no 0/O, 1/I/L, U; easy to read out over a phone line.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference() -> str:
    """e.g. "AM-7KQ9-XW3D": random, so one reference says nothing about another."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"AM-{body[:4]}-{body[4:]}"


def new_stat_key() -> int:
    """A case's record key for the statistics' cell-key method (reports/disclosure.py):
    drawn once at intake, never changed, never shown."""
    return secrets.randbelow(256)


class Complaint(EncryptedModel):
    """An allegation or feedback received at any entry point. The root of a record:
    its persons, consents, attachments and feedback share its data key."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Logged by staff")
        PUBLIC = "public", _("Public report")
        API = "api", _("Integration (API)")

    reference = models.CharField(
        _("reference"), max_length=12, unique=True, default=new_reference, editable=False
    )
    submission_key = models.UUIDField(unique=True, null=True, blank=True, editable=False)
    # A keyed hash of what was sent with the key: the same key with other content is a
    # conflict, not a silent answer with the first complaint ("" for older complaints).
    submission_digest = models.CharField(max_length=64, blank=True, default="", editable=False)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(
        _("status"), max_length=12, choices=codes.Status.choices, default=codes.Status.DRAFT
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    entry_point = models.CharField(
        _("entry point"), max_length=20, choices=codes.EntryPoint.choices
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_complaints",
        verbose_name=_("receiving organisation"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("received by"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("location")
    )
    incident_date_precision = models.CharField(
        _("incident date"),
        max_length=10,
        choices=codes.DatePrecision.choices,
        default=codes.DatePrecision.UNKNOWN,
    )
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=codes.Category.choices, default=codes.Category.UNKNOWN
    )
    subcategory = models.CharField(
        _("subcategory"), max_length=30, choices=codes.Subcategory.choices, blank=True
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=codes.Priority.choices, default=codes.Priority.MEDIUM
    )
    narrative = EncryptedTextField(_("what happened"), blank=True)
    is_child_case = models.BooleanField(_("involves a child"), default=False)
    urgent_medical = models.BooleanField(
        _("urgent medical referral"),
        default=False,
        help_text=_(
            "Rape or sexual assault reported within 120 hours of the incident: post-exposure "
            "prophylaxis (72 hours) and emergency contraception (120 hours) are still possible."
        ),
    )
    feedback_channel = models.CharField(
        _("how the complainant wants feedback"),
        max_length=12,
        choices=codes.FeedbackChannel.choices,
        default=codes.FeedbackChannel.NONE,
    )

    # Screening by the coordinator.
    classification = models.CharField(
        _("classification"), max_length=20, choices=codes.Classification.choices, blank=True
    )
    implicated_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="implicated_complaints",
        verbose_name=_("implicated organisation"),
    )
    implicated_unknown = models.BooleanField(_("affiliation unknown"), default=False)
    need_to_know = models.BooleanField(
        _("restricted to need-to-know roles"),
        default=False,
        help_text=_("Set automatically when the complaint is classified as SEA or trafficking."),
    )
    forwarded_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_complaints",
        verbose_name=_("forwarded to"),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # starts the retention clock
    closure_reason = models.CharField(
        _("why it was closed"), max_length=16, choices=codes.ClosureReason.choices, blank=True
    )
    rereview_on = models.DateField(_("review again on"), null=True, blank=True)
    stat_key = models.PositiveSmallIntegerField(default=new_stat_key, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        permissions = [("view_case", "Can view the case (per-object grant)")]
        indexes = [
            models.Index(fields=["receiving_organisation", "status"], name="complaint_org_status"),
            models.Index(fields=["status", "received_at"], name="complaint_status_received"),
        ]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return self.reference


class Person(EncryptedModel):
    """Someone on a complaint. One person may hold two roles (complainant and survivor)."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="persons")
    is_complainant = models.BooleanField(_("complainant"), default=False)
    is_survivor = models.BooleanField(_("survivor"), default=False)
    is_witness = models.BooleanField(_("witness"), default=False)
    is_perpetrator = models.BooleanField(_("alleged perpetrator"), default=False)

    # Identifying: encrypted; matched only through blind indexes.
    name = EncryptedTextField(_("name"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    address = EncryptedTextField(_("address or whereabouts"), blank=True)
    id_number = EncryptedTextField(_("ID or staff number"), blank=True)
    name_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    # Quasi-identifiers: codes only.
    sex = models.CharField(_("sex"), max_length=15, choices=Sex.choices, default=Sex.OTHER_UNKNOWN)
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    disability = models.CharField(
        _("disability"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    nationality = models.CharField(
        _("nationality"), max_length=3, choices=COUNTRY_CHOICES, default="ZZZ"
    )
    displacement = models.CharField(
        _("displacement status"),
        max_length=10,
        choices=codes.Displacement.choices,
        default=codes.Displacement.UNKNOWN,
    )

    # Alleged perpetrators only.
    affiliation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("works for"),
        help_text=_("Leave empty if not known."),
    )
    personnel_category = models.CharField(
        _("personnel category"),
        max_length=15,
        choices=codes.PersonnelCategory.choices,
        default=codes.PersonnelCategory.UNKNOWN,
    )

    class Meta:
        ordering = ["complaint", "-is_survivor", "-is_complainant", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self):
        return str(_("person on %(reference)s") % {"reference": self.complaint_id})


class ConsentQuerySet(models.QuerySet):
    def standing(self) -> "ConsentQuerySet":
        """Consents given and not withdrawn (nor replaced): what allows something now."""
        return self.filter(given=True, withdrawn_at__isnull=True)


class Consent(models.Model):
    """One consent decision for one scope. Withdrawal sets `withdrawn_at`; the record stays."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="consents")
    survivor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=20, choices=codes.ConsentScope.choices)
    given = models.BooleanField(_("consent given"))
    given_by = models.CharField(_("given by"), max_length=16, choices=codes.ConsentGivenBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A child of 12 to 17: whether they assent to what their caregiver consents to.
    child_assent = models.BooleanField(_("the child assents"), null=True, blank=True)
    # The consenting caregiver's name is only checked against the alleged perpetrators, by
    # blind index; it is not kept.
    caregiver_index = models.CharField(max_length=64, blank=True, editable=False)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survivor", "scope"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_scope",
            )
        ]

    def __str__(self):
        return f"{self.scope}: {self.given}"


class BestInterestsDetermination(EncryptedModel):
    """Where no safe caregiver can consent for a child, a documented best-interests
    determination by the coordinator or a child-protection actor stands in for consent."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="best_interests"
    )
    survivor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(
        _("why no caregiver consents"), max_length=24, choices=codes.BestInterestsReason.choices
    )
    notes = EncryptedTextField(_("the determination, and who took part"))
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    determined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["determined_at"]

    def __str__(self) -> str:
        return f"best-interests determination on {self.complaint_id}"


def validate_reported_exploitation(value: object) -> None:
    """A list of ReportedExploitation codes, each known."""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("Give the types of exploitation as a list of codes."))
    unknown = sorted(set(value) - set(codes.ReportedExploitation.values))
    if unknown:
        raise ValidationError(
            _("Unknown type of exploitation: %(codes)s."), params={"codes": ", ".join(unknown)}
        )


class TraffickingDetails(models.Model):
    """What a reporter can say about a trafficking case (issue 14); every answer is
    optional. What is known about each victim (CTDC, Palermo) is kept in the victim
    registry (trafficking.Victim), not here."""

    complaint = models.OneToOneField(
        Complaint, on_delete=models.CASCADE, related_name="trafficking"
    )
    exploitation_types = models.JSONField(
        _("types of exploitation"),
        default=list,
        blank=True,
        validators=[validate_reported_exploitation],
    )
    is_child = models.CharField(
        _("the person is a child (under 18)"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    in_danger_now = models.CharField(
        _("in danger now"),
        max_length=8,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
    )
    country = models.CharField(
        _("country where it happens"), max_length=3, choices=COUNTRY_CHOICES, default="ZZZ"
    )

    def __str__(self):
        return f"trafficking details of {self.complaint_id}"

    def exploitation_types_display(self) -> list[str]:
        labels = dict(codes.ReportedExploitation.choices)
        return [str(labels.get(code, code)) for code in self.exploitation_types]


class Attachment(EncryptedModel):
    """A photo, document or recording. The bytes are encrypted under the complaint's key
    and stored under a server-made name outside any public folder."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    original_name = EncryptedTextField(blank=True)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"attachment {self.pk}"

    @property
    def kind(self) -> str:
        """What the file is, in words (issue 15: a MIME type meant nothing to staff)."""
        main, _slash, sub = self.content_type.partition("/")
        kinds = {
            "image": _("Photo or image"),
            "audio": _("Audio recording"),
            "video": _("Video"),
        }
        if sub == "pdf":
            return str(_("PDF document"))
        return str(kinds.get(main, _("Document")))


class Feedback(EncryptedModel):
    """Feedback given to the complainant (shown on the receipt page for public reports)."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="feedback")
    message = EncryptedTextField(_("message"))
    channel = models.CharField(_("channel"), max_length=12, choices=codes.FeedbackChannel.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["given_at"]

    def __str__(self):
        return f"feedback on {self.complaint_id}"


class CaseNote(EncryptedModel):
    """A note on the case for its handlers only: the coordinator and the investigators of
    an open referral (providers see their referral, never the case)."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"note on {self.complaint_id}"


class AddedInformation(EncryptedModel):
    """Information a public reporter added later through their receipt."""

    data_key_from = "complaint"

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="added_information"
    )
    text = EncryptedTextField()
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at"]

    def __str__(self):
        return f"information added to {self.complaint_id}"


class Receipt(models.Model):
    """The public reporter's key to their report. The code is shown once and stored only
    as a lookup part and a slow hash of the secret part."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="receipt")
    lookup = models.CharField(max_length=8, unique=True)
    secret_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"receipt {self.lookup}"


class Recusal(models.Model):
    """A user recused from a case sees nothing of it, whatever their role."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="recusals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recused_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="recusal_unique")]

    def __str__(self):
        return f"recusal on {self.complaint_id}"


class ComplaintUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)


class ComplaintGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Complaint, on_delete=models.CASCADE)


class PurgedCase(models.Model):
    """What is left of a case purged at the end of its retention period: its reference (so
    its address answers "deleted" rather than "not found") and the date. Its counts live on
    in the statistics (reports), nothing else."""

    reference = models.CharField(max_length=12, unique=True)
    purged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-purged_at"]

    def __str__(self) -> str:
        return f"{self.reference} (purged)"
