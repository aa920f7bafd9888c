"""Writes to complaints. Each validates, saves and audits in one transaction.

Views, the API and the public pages all call these; none writes a model directly. Audit
events name fields and codes, never the values of encrypted fields.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import crypto
from core import services as core_services
from core.audit import audit_log
from core.codes import CHILD_AGE_GROUPS, AgeGroup, YesNoUnknown
from core.errors import ApplicationError
from core.models import Organisation, User
from notifications.services import notice_queue

from . import attachments as attachment_store
from . import codes, retention
from .closure import closure_checks
from .models import (
    AddedInformation,
    Attachment,
    BestInterestsDetermination,
    CaseNote,
    Complaint,
    Consent,
    Feedback,
    Person,
    PurgedCase,
    Receipt,
    Recusal,
    TraffickingDetails,
)
from .permissions import complaint_access, intake_role
from .signals import case_closed, case_deleting, case_purging, consent_ended
from .status import TRANSITIONS


@dataclass
class PersonData:
    roles: set[str]  # {"complainant", "survivor", "witness", "perpetrator"}
    values: dict  # model field -> value (identifying and code fields)
    consents: dict[str, bool] = field(default_factory=dict)  # scope -> given
    consent_given_by: str = codes.ConsentGivenBy.SURVIVOR
    consent_child_assent: bool | None = None  # a child of 12-17 assents
    caregiver_name: str = ""  # checked against the alleged perpetrators, never kept


@dataclass
class IntakeData:
    complaint: dict  # Complaint field -> value
    persons: list[PersonData]
    trafficking: dict | None = None
    uploads: list = field(default_factory=list)  # (bytes, content type, original name)


logger = logging.getLogger(__name__)

REPORTER = "reporter"  # the audit role of an anonymous public reporter


def _role(actor: User | None, complaint: Complaint) -> str:
    """The role the actor acts under on this case, from the access actually granted."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return REPORTER
    return complaint_access(actor, complaint).role


@transaction.atomic
def complaint_transition(
    *, actor: User | None, complaint: Complaint, name: str, save: bool = True
) -> Complaint:
    """Move a complaint along its status machine (`status.TRANSITIONS`): the one writer of
    `Complaint.status`, for every app.

    Rules: the transition starts from one of its source statuses (else a 409 error with
    code "status.not_allowed"); the actor is one who may make it (else 403,
    "status.forbidden"); the status and the transition's timestamp are recorded. With
    `save=False` the caller saves the complaint itself (a new intake, saved once).
    """
    transition = TRANSITIONS[name]
    if complaint.status not in transition.sources:
        raise ApplicationError(
            "status.not_allowed",
            _("This step is not possible in the complaint's present status (%(status)s).")
            % {"status": complaint.get_status_display()},
            status=409,
        )
    if not transition.may(actor, complaint):
        raise ApplicationError(
            "status.forbidden", _("You may not take this step on this complaint."), status=403
        )
    complaint.status = transition.target
    fields = ["status", "updated_at"]
    if transition.records:
        setattr(complaint, transition.records, timezone.now())
        fields.append(transition.records)
    if save:
        complaint.save(update_fields=fields)
    return complaint


def needs_urgent_medical(complaint: Complaint) -> bool:
    """Rape or sexual assault reported within 120 hours of the incident (DOMAIN.md section
    9): an immediate medical referral is needed. The incident is known by its day only, so
    it is taken at the end of that day: a case may be flagged a day too long, never missed.
    An unknown or approximate date flags nothing (the subcategory shows on the case)."""
    if complaint.subcategory not in codes.URGENT_MEDICAL_SUBCATEGORIES:
        return False
    if (
        complaint.incident_date_precision != codes.DatePrecision.EXACT
        or not complaint.incident_date
    ):
        return False
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    day_ends = datetime.combine(complaint.incident_date + timedelta(days=1), time(0), tzinfo=zone)
    return complaint.received_at - day_ends <= timedelta(hours=codes.URGENT_MEDICAL_HOURS)


def _index_person(person: Person) -> None:
    person.name_index = crypto.blind_index(person.name, purpose="person_name")
    person.phone_index = crypto.blind_index(
        person.phone, purpose="person_phone", normalise=crypto.normalise_phone
    )


ADULT_AGE_GROUPS = {AgeGroup.AGE_18_25, AgeGroup.AGE_26_59, AgeGroup.AGE_60_PLUS}


def caregiver_index(name: str) -> str:
    return crypto.blind_index(name, purpose="person_name") if name.strip() else ""


def check_consent_giver(
    *,
    child_case: bool = False,
    age_group: str,
    given_by: str,
    child_assent: bool | None,
    caregiver: str,
    perpetrators: set[str],
    best_interests: bool,
) -> None:
    """Who may give a survivor's consent (DOMAIN.md section 9):

    - an adult consents for themself, never a caregiver;
    - under 18, a parent, caregiver or guardian consents, never the child alone, with the
      assent of a child of 12 to 17 recorded (yes or no);
    - where no safe caregiver exists, a recorded best-interests determination stands in;
    - a caregiver named as an alleged perpetrator of the case cannot consent;
    - the age unknown, the survivor or a caregiver may.
    `caregiver` is the caregiver's blind index, `perpetrators` those of the alleged
    perpetrators' names."""
    if child_case and age_group not in ADULT_AGE_GROUPS | CHILD_AGE_GROUPS:
        age_group = AgeGroup.AGE_0_11  # a child case, the age unknown: the strictest rules
    adult = age_group in ADULT_AGE_GROUPS
    if given_by == codes.ConsentGivenBy.BEST_INTERESTS:
        if adult:
            raise ApplicationError(
                "consent.adult_best_interests", _("An adult gives their own consent.")
            )
        if not best_interests:
            raise ApplicationError(
                "consent.best_interests_missing",
                _("Record the best-interests determination first: it stands in for consent."),
            )
        return
    if adult and given_by != codes.ConsentGivenBy.SURVIVOR:
        raise ApplicationError(
            "consent.adult_by_caregiver",
            _("An adult gives their own consent: a caregiver cannot consent for them."),
        )
    if age_group in CHILD_AGE_GROUPS and given_by == codes.ConsentGivenBy.SURVIVOR:
        raise ApplicationError(
            "consent.child_alone",
            _(
                "A child never consents alone: a parent, caregiver or guardian consents, or a "
                "best-interests determination stands in."
            ),
        )
    if given_by == codes.ConsentGivenBy.CAREGIVER:
        if age_group == AgeGroup.AGE_12_17 and child_assent is None:
            raise ApplicationError(
                "consent.assent_missing",
                _("Record whether the child assents (a child of 12 to 17 is asked)."),
            )
        if not caregiver:
            raise ApplicationError(
                "consent.caregiver_unnamed", _("Give the name of the caregiver who consents.")
            )
        if caregiver in perpetrators:
            raise ApplicationError(
                "consent.caregiver_implicated",
                _(
                    "This caregiver is named as an alleged perpetrator and cannot consent: "
                    "record a best-interests determination instead."
                ),
            )


def _reported(data: IntakeData, question: str) -> bool:
    """A "yes" to one of the trafficking questions (is_child, in_danger_now)."""
    return (data.trafficking or {}).get(question) == YesNoUnknown.YES


def in_danger_now(complaint: Complaint) -> bool:
    """The reporter said the person is in danger now (the trafficking details)."""
    details = getattr(complaint, "trafficking", None)  # None when there are none
    return details is not None and details.in_danger_now == YesNoUnknown.YES


# Dates before these are typing mistakes (0001-01-01), not complaints: the PSEA bulletin
# dates from 2003, and an incident may be reported decades after it happened.
RECEIVED_DATE_FLOOR = date(2000, 1, 1)
INCIDENT_DATE_FLOOR = date(1950, 1, 1)


def validate_intake(data: IntakeData, *, final: bool, public: bool = False) -> None:
    """Rules that span several parts of the form. `final` is False for a draft; a public
    report asks less (the reporter may know no more than what happened). Every problem
    is reported at once, each an ApplicationError with its own code; a problem with one
    date is reported under that field."""
    errors: list[ApplicationError] = []
    field_errors: dict[str, list[ApplicationError]] = {"received_on": [], "incident_date": []}
    survivors = [p for p in data.persons if "survivor" in p.roles]
    category = data.complaint.get("category")
    subcategory = data.complaint.get("subcategory") or ""
    child_case = (
        bool(data.complaint.get("is_child_case"))
        or _reported(data, "is_child")
        or subcategory == codes.Subcategory.MINOR
        or any(p.values.get("age_group") in CHILD_AGE_GROUPS for p in survivors)
    )
    if subcategory in codes.SEA_SUBCATEGORIES and category != codes.Category.SEA:
        errors.append(
            ApplicationError(
                "intake.subcategory_not_sea",
                _("That subcategory belongs to sexual exploitation or abuse."),
            )
        )
    if (
        subcategory in codes.MISCONDUCT_SUBCATEGORIES
        and category != codes.Category.OTHER_MISCONDUCT
    ):
        errors.append(
            ApplicationError(
                "intake.subcategory_not_misconduct",
                _("That subcategory belongs to other misconduct."),
            )
        )
    precision = data.complaint.get("incident_date_precision")
    incident_date = data.complaint.get("incident_date")
    if precision in (codes.DatePrecision.EXACT, codes.DatePrecision.MONTH) and not incident_date:
        errors.append(
            ApplicationError(
                "intake.incident_date_missing",
                _("Give the date of the incident, or choose “Unknown”."),
            )
        )
    if incident_date and incident_date > timezone.localdate():
        field_errors["incident_date"].append(
            ApplicationError(
                "intake.incident_date_future", _("The incident date is in the future.")
            )
        )
    if incident_date and incident_date < INCIDENT_DATE_FLOOR:
        field_errors["incident_date"].append(
            ApplicationError(
                "intake.incident_date_too_early",
                _("The incident date is before %(floor)s: check the year.")
                % {"floor": INCIDENT_DATE_FLOOR.isoformat()},
            )
        )
    received_on = data.complaint.get("received_on")
    if received_on and received_on > timezone.localdate():
        field_errors["received_on"].append(
            ApplicationError("intake.received_future", _("The date received is in the future."))
        )
    if received_on and received_on < RECEIVED_DATE_FLOOR:
        field_errors["received_on"].append(
            ApplicationError(
                "intake.received_too_early",
                _("The date received is before %(floor)s: check the year.")
                % {"floor": RECEIVED_DATE_FLOOR.isoformat()},
            )
        )
    if received_on and incident_date and received_on < incident_date:
        errors.append(
            ApplicationError(
                "intake.received_before_incident",
                _("The complaint cannot be received before the incident."),
            )
        )
    perpetrators = {
        caregiver_index(p.values.get("name") or "")
        for p in data.persons
        if "perpetrator" in p.roles
    } - {""}
    for person in survivors:
        if any(person.consents.values()):
            try:
                check_consent_giver(
                    child_case=child_case,
                    age_group=person.values.get("age_group") or AgeGroup.UNKNOWN,
                    given_by=person.consent_given_by,
                    child_assent=person.consent_child_assent,
                    caregiver=caregiver_index(person.caregiver_name),
                    perpetrators=perpetrators,
                    best_interests=False,  # none can exist before the complaint does
                )
            except ApplicationError as error:
                errors.append(error)
        if person.consents.get(codes.ConsentScope.SHARE_IDENTITY) and not person.consents.get(
            codes.ConsentScope.INVESTIGATION
        ):
            errors.append(
                ApplicationError(
                    "consent.identity_needs_investigation",
                    _("Consent to share identity needs consent to refer for investigation first."),
                )
            )
    if final:
        if not data.complaint.get("narrative", "").strip():
            errors.append(
                ApplicationError(
                    "intake.narrative_missing", _("Describe what happened before submitting.")
                )
            )
        if category == codes.Category.SEA and not survivors and not public:
            errors.append(
                ApplicationError(
                    "intake.survivor_missing",
                    _("Add at least one survivor (details may be unknown)."),
                )
            )
    if any(field_errors.values()):
        found = {NON_FIELD_ERRORS: errors, **field_errors}
        raise ValidationError({name: problems for name, problems in found.items() if problems})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def complaint_intake(
    *,
    actor: User | None,
    data: IntakeData,
    submit: bool,
    complaint: Complaint | None = None,
    submission_key: uuid.UUID | None = None,
    source: str = Complaint.Source.STAFF,
) -> Complaint:
    """Create or update an intake, as a draft or submitted for screening.

    Rules: a draft may be incomplete; a submission must pass `validate_intake` (a
    trafficking case needs no trafficking details: every answer is optional). A "yes" to
    "is the person a child?" makes a child case (locked, high priority) and a "yes" to
    "in danger now?" makes it high priority. The same
    `submission_key` never creates two complaints (double clicks, resubmits). Persons
    are replaced as a whole on each save of a draft. A submitted complaint goes to the
    coordinator's queue with status "received".
    """
    adding = complaint is None
    digest = submission_digest(data, submit=submit) if submission_key else ""
    if adding and submission_key is not None:
        existing = submission_replay(submission_key=submission_key, actor=actor, digest=digest)
        if existing is not None:
            return existing
    validate_intake(data, final=submit, public=source == Complaint.Source.PUBLIC)
    if complaint is None:  # i.e. `adding`, said so that mypy narrows `complaint`
        complaint = Complaint(
            submission_key=submission_key,
            submission_digest=digest,
            source=source,
            received_by=actor if getattr(actor, "is_authenticated", False) else None,
            receiving_organisation=getattr(actor, "organisation", None),
        )
    elif complaint.status != codes.Status.DRAFT:
        raise ApplicationError(
            "complaint.not_a_draft", _("Only a draft can be edited this way."), status=409
        )
    values = dict(data.complaint)
    received_on = values.pop("received_on", None)
    child_ticked = bool(values.pop("is_child_case", False))
    for name, value in values.items():
        setattr(complaint, name, value)
    if received_on and received_on != timezone.localdate():
        # Back-dated (a box opened later): noon in the operation's time zone; deadlines
        # and SLA figures then count from when the complaint really arrived.
        zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
        complaint.received_at = datetime.combine(received_on, time(12), tzinfo=zone)
    if complaint.incident_date and complaint.incident_date_precision == codes.DatePrecision.MONTH:
        complaint.incident_date = complaint.incident_date.replace(day=1)
    if complaint.incident_date_precision == codes.DatePrecision.UNKNOWN:
        complaint.incident_date = None
    # A child case, whichever says so: a survivor's age, the subcategory, the tick, or a
    # "yes" to "is the person a child?" in the trafficking details.
    complaint.is_child_case = (
        child_ticked
        or _reported(data, "is_child")
        or complaint.subcategory == codes.Subcategory.MINOR
        or any(
            "survivor" in p.roles and p.values.get("age_group") in CHILD_AGE_GROUPS
            for p in data.persons
        )
    )
    complaint.urgent_medical = needs_urgent_medical(complaint)
    if (
        complaint.is_child_case or complaint.urgent_medical or _reported(data, "in_danger_now")
    ) and (complaint.priority != codes.Priority.HIGH):
        # Child cases, urgent medical cases and people in danger now first.
        complaint.priority = codes.Priority.HIGH
    if submit:
        complaint_transition(actor=actor, complaint=complaint, name="submit", save=False)
        # Locked from the moment it is submitted: SEA, trafficking, or a child.
        complaint.need_to_know = (
            complaint.category in codes.LOCKED_CATEGORIES or complaint.is_child_case
        )
    complaint.full_clean(
        exclude=["data_key", "received_by", "receiving_organisation", "submission_key"]
    )
    try:
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        if adding and submission_key:  # the same form, sent twice at the same instant
            existing = Complaint.objects.get(submission_key=submission_key)
            return _same_submission(existing, actor, digest)
        raise

    if not adding:
        complaint.consents.all().delete()
        complaint.persons.all().delete()
    for person_data in data.persons:
        person = Person(complaint=complaint)
        for role in person_data.roles:
            setattr(person, f"is_{role}", True)
        for name, value in person_data.values.items():
            setattr(person, name, value)
        _index_person(person)
        person.full_clean(exclude=["data_key", "complaint"])
        person.save()
        for scope, given in person_data.consents.items():
            Consent.objects.create(
                complaint=complaint,
                survivor=person,
                scope=scope,
                given=given,
                given_by=person_data.consent_given_by,
                child_assent=person_data.consent_child_assent,
                caregiver_index=caregiver_index(person_data.caregiver_name),
                recorded_by=complaint.received_by,
            )
    TraffickingDetails.objects.filter(complaint=complaint).delete()
    if data.trafficking:
        details = TraffickingDetails(complaint=complaint, **data.trafficking)
        details.full_clean(exclude=["complaint"])
        # Each type once, in the list's order, whatever order they were ticked in.
        ticked = set(details.exploitation_types)
        details.exploitation_types = [
            code for code in codes.ReportedExploitation.values if code in ticked
        ]
        details.save()
    for content, content_type, original_name in data.uploads:
        _attachment_add(
            actor=actor,
            complaint=complaint,
            content=content,
            content_type=content_type,
            original_name=original_name,
        )

    if submit and complaint.urgent_medical:
        notice_queue(kind="urgent_medical", subject=complaint, due_at=timezone.now())
    action = "complaint.submit" if submit else "complaint.save_draft"
    audit_log(
        actor=actor,
        action=action,
        obj=complaint,
        role=intake_role(actor) if getattr(actor, "is_authenticated", False) else REPORTER,
        detail={
            "source": source,
            "persons": len(data.persons),
            "attachments": len(data.uploads),
        },
    )
    return complaint


def submission_digest(data: IntakeData, *, submit: bool) -> str:
    """A keyed hash of everything sent with a submission key (keyed, so a database dump
    cannot confirm a guess of what a complaint said)."""

    def plain(value: object) -> object:
        if isinstance(value, set | frozenset):
            return sorted(str(item) for item in value)
        if isinstance(value, bytes):
            return hashlib.sha256(value).hexdigest()
        return getattr(value, "pk", None) if hasattr(value, "_meta") else str(value)

    content = {
        "submit": submit,
        "complaint": data.complaint,
        "persons": [
            {
                "roles": person.roles,
                "values": person.values,
                "consents": person.consents,
                "given_by": person.consent_given_by,
                "assent": person.consent_child_assent,
                "caregiver": person.caregiver_name,
            }
            for person in data.persons
        ],
        "trafficking": data.trafficking,
        "uploads": data.uploads,
    }
    text = json.dumps(content, sort_keys=True, default=plain)
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def submission_replay(
    *, submission_key: uuid.UUID, actor: User | None, digest: str
) -> Complaint | None:
    """The complaint already made with this submission key, or None.

    Rules: the same key with the same content answers with the first complaint (a retry,
    a double click); with other content, or from someone else, it is a conflict (409).
    """
    existing = Complaint.objects.filter(submission_key=submission_key).first()
    return _same_submission(existing, actor, digest) if existing is not None else None


def _same_submission(existing: Complaint, actor: User | None, digest: str) -> Complaint:
    # getattr(None, "is_authenticated", False) is False: mypy cannot see that actor is set.
    actor_id = cast(User, actor).pk if getattr(actor, "is_authenticated", False) else None
    if existing.received_by_id != actor_id:
        raise ApplicationError(
            "complaint.submission_key_used",
            _("This form was already used. Reload the page and try again."),
            status=409,
        )
    if existing.submission_digest and existing.submission_digest != digest:
        raise ApplicationError(
            "complaint.submission_key_reused",
            _(
                "This submission key was already used with different content. "
                "Use a new key for a new complaint."
            ),
            status=409,
        )
    return existing


def _attachment_add(
    *,
    actor: User | None,
    complaint: Complaint,
    content: bytes,
    content_type: str,
    original_name: str,
) -> Attachment:
    attachment = Attachment(
        complaint=complaint,
        original_name=original_name[:200],
        content_type=content_type,
        size=len(content),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.save()
    attachment_store.store(attachment, content)
    return attachment


@transaction.atomic
def complaint_screen(
    *,
    actor: User,
    complaint: Complaint,
    classification: str,
    priority: str,
    implicated_organisation: Organisation | None = None,
    implicated_unknown: bool = False,
) -> Complaint:
    """Rules: only a received or screened complaint is screened; the implicated
    organisation is named or marked unknown, not both; SEA, possible SEA, trafficking
    or a child lock the complaint to need-to-know roles, any other classification lifts
    the lock set at intake (the audit row says which); a child case, an urgent medical
    case or a person reported in danger now stays at high priority."""
    if complaint.status not in TRANSITIONS["screen"].sources:
        raise ApplicationError(
            "complaint.not_screenable", _("This complaint can no longer be screened."), status=409
        )
    if implicated_organisation is not None and implicated_unknown:
        raise ApplicationError(
            "complaint.implicated_both",
            _("Name the implicated organisation or mark it unknown, not both."),
        )
    if implicated_organisation is None and not implicated_unknown:
        raise ApplicationError(
            "complaint.implicated_missing",
            _("Name the implicated organisation or mark it unknown."),
        )
    complaint.classification = classification
    urgent = complaint.is_child_case or complaint.urgent_medical or in_danger_now(complaint)
    complaint.priority = codes.Priority.HIGH if urgent else priority
    complaint.implicated_organisation = implicated_organisation
    complaint.implicated_unknown = implicated_unknown
    was_locked = complaint.need_to_know
    complaint.need_to_know = (
        classification in codes.NEED_TO_KNOW_CLASSIFICATIONS or complaint.is_child_case
    )
    lock = {(False, True): "set", (True, False): "lifted"}.get(
        (was_locked, complaint.need_to_know), "kept" if complaint.need_to_know else "none"
    )
    complaint_transition(actor=actor, complaint=complaint, name="screen", save=False)
    complaint.full_clean(exclude=["data_key", "received_by", "receiving_organisation"])
    complaint.save()
    audit_log(
        actor=actor,
        action="complaint.screen",
        obj=complaint,
        role=_role(actor, complaint),
        detail={
            "classification": classification,
            "priority": complaint.priority,
            "implicated": implicated_organisation.acronym if implicated_organisation else "unknown",
            "need_to_know": complaint.need_to_know,
            "lock": lock,
        },
    )
    return complaint


@transaction.atomic
def complaint_forward(
    *, actor: User, complaint: Complaint, organisation: Organisation
) -> Complaint:
    """Forward a non-SEA complaint to the agency concerned and close it at network level.
    The agency's focal points are told and see the case, without identities."""
    if complaint.classification not in codes.FORWARDABLE_CLASSIFICATIONS:
        raise ApplicationError(
            "complaint.not_forwardable",
            _("Only other misconduct and programme feedback are forwarded; SEA is referred."),
        )
    if complaint.need_to_know:
        raise ApplicationError(
            "complaint.locked_not_forwardable",
            _("A case locked to need-to-know roles (a child is involved) is not forwarded."),
        )
    complaint.forwarded_to = organisation
    complaint_transition(actor=actor, complaint=complaint, name="forward", save=False)
    complaint.save()
    # Its focal points are told, and see the case without identities (permissions.py).
    notice_queue(kind="forwarded", subject=complaint, due_at=timezone.now())
    audit_log(
        actor=actor,
        action="complaint.forward",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"to": organisation.acronym},
    )
    return complaint


@transaction.atomic
def note_add(*, actor: User, complaint: Complaint, text: str) -> CaseNote:
    """A note for the case's handlers (the coordinator, the investigators of an open
    referral). The audit names the note, never its text."""
    access = complaint_access(actor, complaint)
    if not access.notes:
        raise ApplicationError(
            "note.forbidden", _("Only the case's handlers write its notes."), status=403
        )
    if not text.strip():
        raise ApplicationError("note.empty", _("Write the note."), field="text")
    note = CaseNote(complaint=complaint, text=text, author=actor, author_role=access.role)
    note.save()
    audit_log(
        actor=actor, action="complaint.note", obj=complaint, role=access.role,
        detail={"note": str(note.pk)},
    )  # fmt: skip
    return note


@transaction.atomic
def person_add(*, actor: User, complaint: Complaint, data: PersonData) -> Person:
    """Someone identified after the intake (a survivor, a witness, an alleged
    perpetrator, the complainant). A child survivor makes the case a child case: high
    priority and locked to need-to-know roles."""
    if complaint.status == codes.Status.DRAFT:
        raise ApplicationError(
            "person.draft", _("Add people to a draft through its form."), status=409
        )
    if not data.roles:
        raise ApplicationError("person.no_role", _("Say who the person is in the case."))
    person = Person(complaint=complaint)
    for role in data.roles:
        setattr(person, f"is_{role}", True)
    for name, value in data.values.items():
        setattr(person, name, value)
    _index_person(person)
    person.full_clean(exclude=["data_key", "complaint"])
    person.save()
    if person.is_perpetrator and person.name_index:
        # A consenting caregiver now named as an alleged perpetrator: their consents end.
        for implicated in (
            complaint.consents.standing()
            .filter(caregiver_index=person.name_index)
            .select_related("survivor")
        ):
            implicated.withdrawn_at = timezone.now()
            implicated.withdrawn_by = actor
            implicated.save(update_fields=["withdrawn_at", "withdrawn_by"])
            consent_ended.send(
                sender=Consent, complaint=complaint, survivor=implicated.survivor,
                scope=implicated.scope,
            )  # fmt: skip
    if person.is_survivor and person.age_group in CHILD_AGE_GROUPS and not complaint.is_child_case:
        complaint.is_child_case = True
        complaint.need_to_know = True
        complaint.priority = codes.Priority.HIGH
        complaint.save(update_fields=["is_child_case", "need_to_know", "priority", "updated_at"])
    audit_log(
        actor=actor, action="complaint.person_add", obj=complaint, role=_role(actor, complaint),
        detail={"roles": sorted(data.roles), "person": str(person.pk)},
    )  # fmt: skip
    return person


@transaction.atomic
def attachments_add(
    *, actor: User, complaint: Complaint, uploads: list[tuple[bytes, str, str]]
) -> list[Attachment]:
    """Photos, documents or recordings that arrive after the intake, encrypted like it."""
    if not uploads:
        raise ApplicationError("attachment.none", _("Choose a file."), field="attachments")
    added = [
        _attachment_add(
            actor=actor,
            complaint=complaint,
            content=content,
            content_type=content_type,
            original_name=original_name,
        )
        for content, content_type, original_name in uploads
    ]
    audit_log(
        actor=actor, action="complaint.attachments_add", obj=complaint,
        role=_role(actor, complaint), detail={"attachments": len(added)},
    )  # fmt: skip
    return added


@transaction.atomic
def complaint_close(
    *,
    actor: User,
    complaint: Complaint,
    reason: str,
    feedback: str = "",
    rereview_on: date | None = None,
) -> Complaint:
    """Close a case with a coded reason (DOMAIN.md section 9). Rules: "unattributed" only
    for an unknown affiliation, with a re-review date ahead (the coordinators are
    reminded then); nothing registered in `closure.closure_checks` holds it open (e.g. an
    investigation still under way); when the complainant wants feedback, the closure
    feedback is written and recorded through their channel (the receipt for a public
    report). Closing starts the retention clock (`closed_at`)."""
    if reason not in codes.ClosureReason.values:
        raise ApplicationError("closure.bad_reason", _("Choose why the case is closed."))
    unattributed = reason == codes.ClosureReason.UNATTRIBUTED
    if unattributed and not complaint.implicated_unknown:
        raise ApplicationError(
            "closure.not_unattributed",
            _("Only a case whose affiliation is unknown is closed as unattributed."),
        )
    today = timezone.now().astimezone(ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)).date()
    if unattributed and (rereview_on is None or rereview_on <= today):
        raise ApplicationError(
            "closure.rereview_missing",
            _("Give the date to review an unattributed case again (after today)."),
            field="rereview_on",
        )
    for check in closure_checks:
        blocked = check.blocks(complaint)
        if blocked:
            raise ApplicationError("closure.blocked", blocked, status=409)
    wants_feedback = complaint.feedback_channel != codes.FeedbackChannel.NONE
    if wants_feedback and not feedback.strip():
        raise ApplicationError(
            "closure.feedback_missing",
            _("Write the feedback the complainant gets on the closure."),
            field="feedback",
        )
    complaint.closure_reason = reason
    complaint.rereview_on = rereview_on if unattributed else None
    complaint_transition(actor=actor, complaint=complaint, name="close", save=False)
    complaint.save()
    if feedback.strip():
        feedback_give(
            actor=actor, complaint=complaint, message=feedback, channel=complaint.feedback_channel
        )
    case_closed.send(sender=Complaint, complaint=complaint)
    audit_log(
        actor=actor,
        action="complaint.close",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"reason": reason, "feedback": bool(feedback.strip())},
    )
    return complaint


@transaction.atomic
def complaint_reopen(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Reopen a closed case with a coded reason; it goes back to the coordinator
    ("screened") and the retention clock stops."""
    if reason not in codes.ReopenReason.values:
        raise ApplicationError("reopen.bad_reason", _("Choose why the case is reopened."))
    complaint_transition(actor=actor, complaint=complaint, name="reopen", save=False)
    complaint.closed_at = None
    complaint.closure_reason = ""
    complaint.rereview_on = None
    complaint.save()
    audit_log(
        actor=actor,
        action="complaint.reopen",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"reason": reason},
    )
    return complaint


@transaction.atomic
def consent_record(
    *,
    actor: User,
    complaint: Complaint,
    survivor: Person,
    scope: str,
    given: bool,
    given_by: str,
    child_assent: bool | None = None,
    caregiver_name: str = "",
) -> Consent:
    """Record a survivor's decision for one scope; it replaces the current one. A consent
    given follows `check_consent_giver` (who may consent for a child or an adult)."""
    if survivor.complaint_id != complaint.pk or not survivor.is_survivor:
        raise ApplicationError(
            "consent.not_a_survivor", _("Consent is recorded for a survivor of this complaint.")
        )
    if given:
        check_consent_giver(
            child_case=complaint.is_child_case,
            age_group=survivor.age_group,
            given_by=given_by,
            child_assent=child_assent,
            caregiver=caregiver_index(caregiver_name),
            perpetrators=set(
                complaint.persons.filter(is_perpetrator=True)
                .exclude(name_index="")
                .values_list("name_index", flat=True)
            ),
            best_interests=BestInterestsDetermination.objects.filter(
                complaint=complaint, survivor=survivor
            ).exists(),
        )
    if scope == codes.ConsentScope.SHARE_IDENTITY and given:
        investigation = complaint.consents.filter(
            survivor=survivor, scope=codes.ConsentScope.INVESTIGATION, withdrawn_at__isnull=True
        ).first()
        if investigation is None or not investigation.given:
            raise ApplicationError(
                "consent.identity_needs_investigation",
                _("Consent to share identity needs consent to refer for investigation first."),
            )
    now = timezone.now()
    current = complaint.consents.filter(survivor=survivor, scope=scope, withdrawn_at__isnull=True)
    was_given = current.filter(given=True).exists()
    current.update(withdrawn_at=now, withdrawn_by=actor)
    consent = Consent(
        complaint=complaint,
        survivor=survivor,
        scope=scope,
        given=given,
        given_by=given_by,
        child_assent=child_assent,
        caregiver_index=caregiver_index(caregiver_name),
        recorded_by=actor,
        recorded_at=now,
    )
    consent.full_clean(exclude=["complaint", "survivor", "recorded_by", "withdrawn_by"])
    consent.save()
    audit_log(
        actor=actor,
        action="consent.record",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"scope": scope, "given": given, "given_by": given_by, "person": str(survivor.pk)},
    )
    if was_given and not given:  # a refusal replacing a consent ends what it allowed
        consent_ended.send(sender=Consent, complaint=complaint, survivor=survivor, scope=scope)
    return consent


@transaction.atomic
def best_interests_record(
    *, actor: User, complaint: Complaint, survivor: Person, reason: str, notes: str
) -> BestInterestsDetermination:
    """Document a best-interests determination for a child survivor with no safe
    caregiver; consents may then be recorded as standing on it. Rules: a child survivor
    of this complaint (or of unknown age), a coded reason and the determination written."""
    if survivor.complaint_id != complaint.pk or not survivor.is_survivor:
        raise ApplicationError(
            "consent.not_a_survivor", _("Consent is recorded for a survivor of this complaint.")
        )
    if survivor.age_group in ADULT_AGE_GROUPS:
        raise ApplicationError(
            "best_interests.adult", _("A best-interests determination is made for a child.")
        )
    if not notes.strip():
        raise ApplicationError(
            "best_interests.empty",
            _("Write the determination: what was decided, by whom, and why."),
            field="notes",
        )
    determination = BestInterestsDetermination(
        complaint=complaint, survivor=survivor, reason=reason, notes=notes, determined_by=actor
    )
    determination.full_clean(exclude=["data_key", "complaint", "survivor", "determined_by"])
    determination.save()
    audit_log(
        actor=actor,
        action="consent.best_interests",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"reason": reason, "person": str(survivor.pk)},
    )
    return determination


@transaction.atomic
def consent_withdraw(*, actor: User, complaint: Complaint, consent: Consent) -> None:
    """Withdraw a consent. What it allowed ends at once for every holder (investigators
    lose the identity, a provider the referral), who are told that access ended, not why."""
    if consent.complaint_id != complaint.pk or consent.withdrawn_at is not None:
        raise ApplicationError("consent.not_current", _("This consent is not current."), status=409)
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_log(
        actor=actor,
        action="consent.withdraw",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"scope": consent.scope, "person": str(consent.survivor_id)},
    )
    if consent.given:
        consent_ended.send(
            sender=Consent, complaint=complaint, survivor=consent.survivor, scope=consent.scope
        )


@transaction.atomic
def complaint_recuse(*, actor: User, complaint: Complaint, user: User) -> Recusal:
    """The recused user sees nothing of the case from the next request on."""
    if user.pk == actor.pk:
        raise ApplicationError("recusal.self", _("Ask another coordinator to recuse you."))
    role = _role(actor, complaint)
    recusal, _created = Recusal.objects.get_or_create(
        complaint=complaint, user=user, defaults={"recused_by": actor}
    )
    complaint.__dict__.pop("_recused_user_ids", None)  # access is decided afresh from now on
    audit_log(
        actor=actor,
        action="complaint.recuse",
        obj=complaint,
        role=role,
        detail={"user": user.pk},
    )
    return recusal


@transaction.atomic
def feedback_give(*, actor: User, complaint: Complaint, message: str, channel: str) -> Feedback:
    if not message.strip():
        raise ApplicationError("feedback.empty", _("Write the feedback given."))
    feedback = Feedback(
        complaint=complaint,
        message=message,
        channel=channel,
        given_by=actor,
    )
    feedback.full_clean(exclude=["data_key", "complaint", "given_by"])
    feedback.save()
    audit_log(
        actor=actor,
        action="feedback.give",
        obj=complaint,
        role=_role(actor, complaint),
        detail={"channel": channel},
    )
    return feedback


@transaction.atomic
def complaint_record_view(
    *, actor: User | None, complaint: Complaint, identity: bool, role: str, original: bool = False
) -> None:
    """Every read of a case is in the audit trail, noting whether identities were shown
    and the role of the access used (the caller computed it to show the page), and when
    an attachment's original (metadata included) was read."""
    detail: dict[str, bool] = {"identity": identity}
    if original:
        detail["original"] = True
    audit_log(
        actor=actor,
        action="complaint.view",
        obj=complaint,
        role=role if actor is not None else REPORTER,
        detail=detail,
    )


# --- Public reports --------------------------------------------------------------------

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _receipt_code() -> tuple[str, str, str]:
    """16 characters in four groups: 6 to find the report, 10 (about 49 bits) secret."""
    chars = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(16))
    return chars[:6], chars[6:], "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalise_receipt(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


@transaction.atomic
def public_report_create(
    *, data: IntakeData, submission_key: uuid.UUID | None = None
) -> tuple[Complaint, str | None]:
    """A report from the public web form: lands in the coordinator's queue. Returns the
    receipt code, which is shown once and never stored in clear (None when the same
    form was already received: its code was shown the first time)."""
    data.complaint.setdefault("entry_point", codes.EntryPoint.WEB_FORM)
    data.complaint["feedback_channel"] = codes.FeedbackChannel.RECEIPT
    complaint = complaint_intake(
        actor=None,
        data=data,
        submit=True,
        source=Complaint.Source.PUBLIC,
        submission_key=submission_key,
    )
    return complaint, receipt_issue(complaint=complaint)


@transaction.atomic
def receipt_issue(*, complaint: Complaint) -> str | None:
    """The complainant's receipt code, made once: for a public report, or for a complaint
    made in person whose complainant chose to follow up by receipt. Returns the code,
    which is shown once and stored only as a lookup and a slow hash; None when a receipt
    was already issued (its code was shown then) or the complaint is not submitted."""
    if (
        complaint.status == codes.Status.DRAFT
        or Receipt.objects.filter(complaint=complaint).exists()
    ):
        return None
    while True:
        lookup, secret, code = _receipt_code()
        if not Receipt.objects.filter(lookup=lookup).exists():
            break
    Receipt.objects.create(complaint=complaint, lookup=lookup, secret_hash=make_password(secret))
    return code


def receipt_find(code: str) -> Complaint | None:
    """The report a receipt code opens, or None (same time and answer for a wrong code)."""
    chars = normalise_receipt(code)
    receipt = None
    if len(chars) == 16:
        receipt = (
            Receipt.objects.select_related("complaint__data_key").filter(lookup=chars[:6]).first()
        )
    secret = chars[6:] if len(chars) == 16 else "x"
    # check_password runs the slow hash even without a receipt, so timing tells nothing.
    ok = check_password(secret, receipt.secret_hash if receipt else make_password(None))
    return receipt.complaint if receipt and ok else None


@transaction.atomic
def receipt_add_information(*, complaint: Complaint, text: str) -> AddedInformation:
    if not text.strip():
        raise ApplicationError("information.empty", _("Write what you want to add."))
    added = AddedInformation(complaint=complaint, text=text)
    added.save()
    audit_log(actor=None, action="complaint.add_information", obj=complaint, role=REPORTER)
    return added


# --- Retention ----------------------------------------------------------------------------

SYSTEM = "system"  # the audit role of the scheduled purge


@transaction.atomic
def complaint_purge(*, complaint: Complaint, now: datetime | None = None) -> PurgedCase:
    """Purge a case at the end of its retention period (retention.py).

    Rules: only a case whose period is over (closed or forwarded and not reopened; an
    unattributed case not before its re-review date), checked again under a row lock so
    that a reopening at the same moment wins (409 "retention.not_due" otherwise). The apps
    above keep what they must (`case_purging`: reports keeps the statistics' counts), then
    delete their own rows (`case_deleting`: referrals deletes the referrals); the case's rows are
    deleted with everything under it; its data key is shredded, so no copy of a row (a
    backup) can be read again; the attachments' files are deleted once this commits. Its
    reference and the date stay, so its address answers that it was deleted. Audited,
    with codes only.
    """
    locked = Complaint.objects.select_for_update().filter(pk=complaint.pk).first()
    due = retention.purge_due_at(locked) if locked is not None else None
    if locked is None or due is None or due > (now or timezone.now()):
        raise ApplicationError(
            "retention.not_due", _("This case is not due for deletion."), status=409
        )
    stored = [attachment_store.stored_name(a) for a in locked.attachments.all()]
    case_purging.send(sender=Complaint, complaint=locked)
    audit_log(
        actor=None,
        action="complaint.purge",
        obj=locked,
        role=SYSTEM,
        detail={
            "reason": "retention_expired",
            "closure_reason": locked.closure_reason or retention.FORWARDED,
            "attachments": len(stored),
        },
    )
    data_key, reference = locked.data_key, locked.reference
    case_deleting.send(sender=Complaint, complaint=locked)
    locked.delete()
    core_services.data_key_shred(actor=None, data_key=data_key, reason="retention_expired")
    purged = PurgedCase.objects.create(reference=reference)
    transaction.on_commit(lambda: attachment_store.delete_stored(stored))
    return purged


def complaints_purge_expired(*, now: datetime | None = None) -> int:
    """Purge every case whose retention period is over; returns how many were purged.
    Each case in its own transaction: one that fails (or was reopened meanwhile) holds
    back no other, and the next day's run tries it again."""
    now = now or timezone.now()
    purged = 0
    for pk in retention.due_for_purge(now).values_list("pk", flat=True):
        complaint = Complaint.objects.filter(pk=pk).first()
        if complaint is None:
            continue
        try:
            complaint_purge(complaint=complaint, now=now)
        except ApplicationError:
            continue  # reopened, or purged by another run, since it was listed
        except Exception:
            # The id only: nothing identifying reaches a log.
            logger.exception("case %s could not be purged; tried again tomorrow", pk)
            continue
        purged += 1
    return purged
