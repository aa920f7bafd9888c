import uuid
from typing import Any, NoReturn, cast

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .roles import CASE_ROLES, ROLE_FIELDS, Role


class Organisation(models.Model):
    """An agency of the operation: UN agency, NGO, community group, service provider."""

    class Type(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency")
        INGO = "ingo", _("International NGO")
        NNGO = "nngo", _("National NGO")
        CBO = "cbo", _("Community-based organisation")
        RED_CROSS = "red_cross", _("Red Cross / Red Crescent")
        GOVERNMENT = "government", _("Government")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    network_member = models.BooleanField(_("member of the PSEA network"), default=True)
    # UN Protocol on allegations of SEA involving implementing partners: the UN entity that
    # funds a partner is informed of an allegation against the partner's personnel.
    funded_by = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="funded_partners",
        limit_choices_to={"type": "un_agency"},
        verbose_name=_("funded by (UN agencies)"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.acronym


class Location(models.Model):
    """Reference data maintained by administrators: admin1 > admin2 > site."""

    class Level(models.IntegerChoices):
        ADMIN1 = 1, _("Province / state (admin 1)")
        ADMIN2 = 2, _("District (admin 2)")
        SITE = 3, _("Site or camp")

    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    code = models.CharField(_("code"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="location_unique_name")
        ]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return f"{self.parent} / {self.name}" if self.parent_id else self.name

    @property
    def admin1(self) -> "Location":
        node = self
        while node.parent_id is not None:
            node = cast("Location", node.parent)  # parent_id is set, so parent is not None
        return node


class User(AbstractUser):
    """A staff account. Belongs to one organisation and holds one or more roles.

    `is_superuser` is a break-glass account for the Django shell; it grants no access to
    case content, because every case access function asks for roles, never superuser.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("organisation"),
    )
    is_focal_point = models.BooleanField(_("focal point"), default=False)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)
    is_investigator = models.BooleanField(_("investigator"), default=False)
    is_service_provider = models.BooleanField(_("service provider"), default=False)
    is_analyst = models.BooleanField(_("analyst"), default=False)
    is_account_admin = models.BooleanField(
        _("administrator"),
        default=False,
        help_text=_("Manages accounts and reference data; never reads cases."),
    )
    # When the second factor (TOTP) was enrolled; None until then or after a reset. A
    # session is verified for this enrolment only (core.second_factor), so a reset ends the
    # verification of every session at once, without a query per request.
    second_factor_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when a coordinator approves a case role or a second-factor reset: the hash of a
    # one-time code the coordinator hands to the person, without which no authenticator
    # can be enrolled (so an administrator who knows the password cannot enrol their own).
    enrolment_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    is_auditor = models.BooleanField(
        _("auditor"),
        default=False,
        help_text=_("Reads the audit trail (who read or changed which case, when); never a case."),
    )
    is_counter_trafficking = models.BooleanField(
        _("counter-trafficking officer"),
        default=False,
        help_text=_("Keeps the victim registry and assistance plans of their organisation."),
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(role for role, field in ROLE_FIELDS.items() if getattr(self, field))

    def check_password(self, raw_password: str) -> bool:
        # Django re-hashes a correct password here (a newer hasher, more iterations) and
        # saves it: the same credentials, so core.credentials must not end the sessions.
        self._rehashing = True
        try:
            return super().check_password(raw_password)
        finally:
            self._rehashing = False

    def has_role(self, role: Role) -> bool:
        return self.is_active and getattr(self, ROLE_FIELDS[role])

    def clean(self) -> None:
        super().clean()
        roles = self.roles
        if Role.ADMIN in roles and roles & CASE_ROLES:
            raise ValidationError(_("An administrator cannot also hold a role that reads cases."))
        if roles - {Role.ADMIN} and self.organisation_id is None:
            raise ValidationError({"organisation": _("This role needs an organisation.")})


class ApiKey(models.Model):
    """The one credential for calls without a session: statistics and integrations.

    A statistics key belongs to an organisation and reads anonymised figures; an
    integration key (a hotline tool, a KoboToolbox webhook) acts as the user who issued it,
    within its scope and never beyond what that user may do at the time of the call.
    Only a SHA-256 digest of the secret is stored (the secret is 256 random bits, so a
    slow hash adds nothing); the key is shown once, at creation. A key expires, is revoked
    by its holder or a coordinator, and is revoked with its user's password or account.
    """

    class Scope(models.TextChoices):
        NETWORK = "network", _("Network-wide aggregates")
        ORGANISATION = "organisation", _("Also the organisation's own cases")
        INTAKE = "intake", _("Log complaints")
        CASES = "cases", _("Log complaints and read those its holder may see")

    STATISTICS_SCOPES = frozenset({Scope.NETWORK, Scope.ORGANISATION})
    INTEGRATION_SCOPES = frozenset({Scope.INTAKE, Scope.CASES})

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="api_keys"
    )
    # Set for an integration key: the user it acts as. Empty for a statistics key.
    user = models.ForeignKey(
        "User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_keys",
        verbose_name=_("acts as"),
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(
        _("scope"), max_length=15, choices=Scope.choices, default=Scope.NETWORK
    )
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64)
    created_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Empty only for statistics keys issued before keys expired.
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__acronym", "-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.organisation})"

    def clean(self) -> None:
        super().clean()
        if (self.user_id is None) != (self.scope in self.STATISTICS_SCOPES):
            raise ValidationError(
                {"scope": _("Statistics keys belong to an organisation; other keys to a user.")}
            )


class DataKey(models.Model):
    """One record's data-encryption key, stored wrapped by a key-encryption key.

    A complaint and everything under it share one; setting `wrapped_key` to NULL
    (crypto-shredding) makes all of their encrypted content unrecoverable.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kek_id = models.CharField(max_length=16)
    wrapped_key = models.BinaryField(null=True)
    created_at = models.DateTimeField(default=timezone.now)
    rotated_at = models.DateTimeField(null=True, blank=True)
    shredded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["kek_id"], name="core_datakey_kek_id")]

    def __str__(self) -> str:
        return f"data key {self.pk}"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AuditEvent(models.Model):
    """Who did what to which object, when, acting as which role. Append-only.

    Holds ids and codes only, never the plaintext of an encrypted field. On PostgreSQL a
    trigger refuses UPDATE and DELETE (migration 0002), whatever the client.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=20, blank=True)
    actor_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="core_audit_object"),
            models.Index(fields=["actor", "at"], name="core_audit_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Audit events are append-only.")


class AccountRequest(models.Model):
    """A change to an account that takes a second person (separation of duties,
    core.permissions.account_change_needs_approval): granting a case role or moving a case
    role's holder to another organisation, resetting the password or the second factor of
    an account that holds a case role. It takes effect when a coordinator other than the
    requester (and other than the account itself) approves it.

    A pending password is kept as a hash only, and dropped once the request is decided.
    """

    # Not a field: the one-time code an approval made, for the approving coordinator's
    # page only (shown once, never stored in clear).
    handover_code = ""

    class Kind(models.TextChoices):
        ROLES = "roles", _("Case roles")
        PASSWORD = "password", _("Password reset")
        SECOND_FACTOR = "second_factor", _("Second-factor reset")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        SUPERSEDED = "superseded", _("Replaced by a later request")

    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_requests", verbose_name=_("account")
    )
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    roles = models.JSONField(_("roles"), default=list, blank=True)  # Role values to add
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new organisation"),
    )
    password_hash = models.CharField(max_length=128, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status="pending"),
                name="account_request_one_pending_per_kind",
            )
        ]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.user}"
