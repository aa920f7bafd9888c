"""Writes of the victim registry (issue 14 point 1): open, change, identify and assign a
victim record. Each service validates, saves and audits in one transaction and refuses
bad input with an `ApplicationError` naming the field.

Rules:
- every multiple-choice value is a code of its list (`codes.MULTIPLE_CHOICE`), every
  country an ISO alpha-3 code (`core.codes.COUNTRIES`, "ZZZ" for unknown);
- dates are not in the future; a date given to the month or the year is kept as the
  first day of that month or year (its precision says which), and the exploitation does
  not end before it began;
- the Palermo *means* are waived for a child (`Victim.is_minor`); an adult's record
  without means is accepted and flagged (`selectors.registry.victim_flags`): a presumed
  victim's story is often incomplete;
- identification (presumed -> identified) needs by whom and when;
- only the coordinator chooses the managing organisation; a counter-trafficking officer
  registers for their own organisation.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.codes import Category, Classification
from complaints.models import Complaint, Person
from complaints.permissions import complaint_access
from core.audit import audit_log
from core.codes import COUNTRIES, AgeGroup, Sex, YesNoUnknown
from core.errors import ApplicationError
from core.models import Location, Organisation
from core.roles import Role

from .. import codes
from ..models import Victim
from ..permissions import may_register_victims, victim_access

COUNTRY_FIELDS = ("citizenship", "exploitation_countries", "transit_countries")
CHOICE_FIELDS: dict[str, type[models.TextChoices]] = {
    "registered_precision": codes.DatePrecision,
    "data_source": codes.DataSource,
    "gender": codes.Gender,
    "age_band": codes.AgeBand,
    "majority": codes.Majority,
    "majority_at_exploitation": codes.Majority,
    "majority_at_entry": codes.Majority,
    "exploitation_began_precision": codes.DatePrecision,
    "exploitation_ended_precision": codes.DatePrecision,
    "duration": codes.Duration,
}
TEXT_FIELDS = ("name", "alias", "phone", "notes")
DATE_FIELDS = {
    "registered_on": "registered_precision",
    "exploitation_began": "exploitation_began_precision",
    "exploitation_ended": "exploitation_ended_precision",
}
# What victim_create and victim_update accept (the organisation goes by victim_assign).
EDITABLE = (
    *TEXT_FIELDS,
    *CHOICE_FIELDS,
    *DATE_FIELDS,
    *COUNTRY_FIELDS,
    *codes.MULTIPLE_CHOICE,
    "location",
    "consents_to_statistics",
)
TEXT_LIMITS = {"name": 200, "alias": 200, "phone": 40, "notes": 10000}

# From a complaint's person (core.codes) to the CTDC lists.
GENDER_FROM_SEX: dict[str, str] = {Sex.FEMALE: codes.Gender.FEMALE, Sex.MALE: codes.Gender.MALE}
AGE_BAND_FROM_GROUP: dict[str, str] = {
    AgeGroup.AGE_12_17: codes.AgeBand.AGE_9_17,
    AgeGroup.AGE_60_PLUS: codes.AgeBand.AGE_48_PLUS,
}
MAJORITY_FROM_GROUP: dict[str, str] = {
    AgeGroup.AGE_0_11: codes.Majority.MINOR,
    AgeGroup.AGE_12_17: codes.Majority.MINOR,
    AgeGroup.AGE_18_25: codes.Majority.ADULT,
    AgeGroup.AGE_26_59: codes.Majority.ADULT,
    AgeGroup.AGE_60_PLUS: codes.Majority.ADULT,
}
TRAFFICKING_CLASSIFICATIONS = {Classification.TRAFFICKING}


def _codes_list(field: str, value: Any, allowed: Mapping[str, Any]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise ApplicationError("victim.not_a_list", _("Give a list of codes."), field=field)
    result: list[str] = []
    for code in value:
        if not isinstance(code, str) or code not in allowed:
            raise ApplicationError(
                "victim.unknown_code",
                _("Unknown code: %(code)s.") % {"code": str(code)[:40]},
                field=field,
            )
        if code not in result:
            result.append(code)
    return result


def _truncate(day: datetime.date, precision: str) -> datetime.date:
    if precision == codes.DatePrecision.YEAR:
        return day.replace(month=1, day=1)
    if precision == codes.DatePrecision.MONTH:
        return day.replace(day=1)
    return day


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The validated values of `data`; unknown names are a mistake, not silently dropped."""
    unknown = sorted(set(data) - set(EDITABLE))
    if unknown:
        raise ApplicationError("victim.unknown_field", _("Unknown field."), field=unknown[0])
    values: dict[str, Any] = {}
    for field, value in data.items():
        if field in TEXT_FIELDS:
            text = "" if value is None else str(value).strip()
            if len(text) > TEXT_LIMITS[field]:
                raise ApplicationError("victim.too_long", _("This text is too long."), field=field)
            values[field] = text
        elif field in CHOICE_FIELDS:
            if value not in CHOICE_FIELDS[field].values:
                raise ApplicationError(
                    "victim.unknown_code", _("Unknown code: %(code)s.") % {"code": str(value)[:40]},
                    field=field,
                )  # fmt: skip
            values[field] = str(value)
        elif field in COUNTRY_FIELDS:
            values[field] = _codes_list(field, value, COUNTRIES)
        elif field in codes.MULTIPLE_CHOICE:
            allowed = dict.fromkeys(codes.MULTIPLE_CHOICE[field].values, True)
            values[field] = _codes_list(field, value, allowed)
        elif field in DATE_FIELDS:
            if value is not None and not isinstance(value, datetime.date):
                raise ApplicationError("victim.date", _("Give a date."), field=field)
            if field == "registered_on" and value is None:
                raise ApplicationError(
                    "victim.registered_on", _("Give the date of registration."), field=field
                )
            values[field] = value
        elif field == "location":
            if value is not None and not isinstance(value, Location):
                raise ApplicationError("victim.location", _("Unknown place."), field=field)
            values[field] = value
        elif field == "consents_to_statistics":
            values[field] = bool(value)
    return values


def _check_dates(victim: Victim) -> None:
    today = timezone.localdate()
    for field, precision_field in DATE_FIELDS.items():
        day = getattr(victim, field)
        if day is None:
            continue
        if day > today:
            raise ApplicationError(
                "victim.future_date", _("This date is in the future."), field=field
            )
        setattr(victim, field, _truncate(day, getattr(victim, precision_field)))
    began, ended = victim.exploitation_began, victim.exploitation_ended
    if began and ended and ended < began:
        raise ApplicationError(
            "victim.ended_before_began",
            _("The exploitation cannot end before it began."),
            field="exploitation_ended",
        )
    if victim.identified_on and victim.identified_on > today:
        raise ApplicationError(
            "victim.future_date", _("This date is in the future."), field="identified_on"
        )


def _save(victim: Victim) -> None:
    _check_dates(victim)
    victim.full_clean(exclude=["data_key", "complaint", "person", "created_by"])
    victim.save()


def _may_register(actor: Any) -> None:
    if not may_register_victims(actor) or not actor.is_active:
        raise ApplicationError("victim.not_allowed", _("You may not register victims."), status=403)


def register_role(actor: Any) -> str:
    return Role.COORDINATOR if actor.has_role(Role.COORDINATOR) else Role.COUNTER_TRAFFICKING


def victim_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    organisation: Organisation | None = None,
    complaint: Complaint | None = None,
    person: Person | None = None,
) -> Victim:
    """Open a victim record (presumed victim). A counter-trafficking officer registers for
    their own organisation; the coordinator may name one, or leave it to assign later."""
    _may_register(actor)
    role = register_role(actor)
    if role != Role.COORDINATOR:
        organisation = actor.organisation
    values = _clean(data)
    with transaction.atomic():
        victim = Victim(
            organisation=organisation, complaint=complaint, person=person, created_by=actor,
            **values,
        )  # fmt: skip
        _save(victim)
        detail: dict[str, Any] = {"fields": sorted(values)}
        if complaint is not None:
            detail["complaint"] = str(complaint.pk)
        audit_log(actor=actor, action="victim.create", obj=victim, role=role, detail=detail)
    return victim


def victim_update(*, actor: Any, victim: Victim, data: Mapping[str, Any]) -> Victim:
    """Change the fields named in `data` (the others stay as they are)."""
    access = victim_access(actor, victim)
    if not access.edit:
        raise ApplicationError(
            "victim.not_allowed", _("You may not change this record."), status=403
        )
    values = _clean(data)
    with transaction.atomic():
        changed = sorted(name for name, value in values.items() if getattr(victim, name) != value)
        for name, value in values.items():
            setattr(victim, name, value)
        _save(victim)
        audit_log(
            actor=actor, action="victim.update", obj=victim, role=access.role,
            detail={"fields": changed},
        )  # fmt: skip
    return victim


def complaint_screened_as_trafficking(complaint: Complaint) -> bool:
    return (
        complaint.classification in TRAFFICKING_CLASSIFICATIONS
        or complaint.category == Category.TRAFFICKING
    )


def prefill_from_complaint(complaint: Complaint, person: Person | None) -> dict[str, Any]:
    """A record's codes from the complaint's person and trafficking details."""
    data: dict[str, Any] = {}
    if person is not None:
        data["gender"] = GENDER_FROM_SEX.get(person.sex, codes.Gender.UNKNOWN)
        data["age_band"] = AGE_BAND_FROM_GROUP.get(person.age_group, codes.AgeBand.UNKNOWN)
        data["majority"] = MAJORITY_FROM_GROUP.get(person.age_group, codes.Majority.UNKNOWN)
        if data["majority"] == codes.Majority.MINOR:  # a child now was a child then
            data["majority_at_exploitation"] = codes.Majority.MINOR
        if person.nationality and person.nationality != "ZZZ":
            data["citizenship"] = [person.nationality]
    details = getattr(complaint, "trafficking", None)
    if details is not None:
        purposes = set(codes.Purpose.values)
        data["purposes"] = [c for c in details.exploitation_types if c in purposes]
        if details.country and details.country != "ZZZ":
            data["exploitation_countries"] = [details.country]
        if details.is_child == YesNoUnknown.YES:
            data["majority_at_exploitation"] = codes.Majority.MINOR
    return data


def victim_from_complaint(
    *, actor: Any, complaint: Complaint, person: Person | None = None
) -> Victim:
    """Open a record from a complaint screened (or categorised) as trafficking, prefilled
    from its person (the first survivor unless named) and its trafficking details.

    Rules: the actor registers victims and may screen the complaint (the coordinator);
    one record per person."""
    _may_register(actor)
    if not complaint_access(actor, complaint).screen:
        raise ApplicationError(
            "victim.not_allowed", _("You may not register a victim from this complaint."),
            status=403,
        )  # fmt: skip
    if not complaint_screened_as_trafficking(complaint):
        raise ApplicationError(
            "victim.not_trafficking",
            _("Only a complaint screened as trafficking opens a victim record."),
            status=409,
        )
    if person is None:
        person = complaint.persons.filter(is_survivor=True).first()
    elif person.complaint_id != complaint.pk or not person.is_survivor:
        raise ApplicationError(
            "victim.person", _("Choose a survivor of this complaint."), field="person"
        )
    if person is not None and Victim.objects.filter(person=person).exists():
        raise ApplicationError(
            "victim.exists", _("This person already has a victim record."), status=409
        )
    data = prefill_from_complaint(complaint, person)
    if person is not None:
        data["name"] = person.name
        data["phone"] = person.phone
    return victim_create(actor=actor, data=data, complaint=complaint, person=person)


def victim_identify(
    *,
    actor: Any,
    victim: Victim,
    by_organisation: Organisation | None,
    on: datetime.date | None,
) -> Victim:
    """Presumed -> identified: by which organisation (an agency, or the national
    authority), on which date (not in the future)."""
    access = victim_access(actor, victim)
    if not access.edit:
        raise ApplicationError(
            "victim.not_allowed", _("You may not change this record."), status=403
        )
    if victim.status == codes.IdentificationStatus.IDENTIFIED:
        raise ApplicationError(
            "victim.already_identified", _("This person is already identified."), status=409
        )
    if by_organisation is None:
        raise ApplicationError(
            "victim.identified_by", _("Say who identified the person."), field="identified_by"
        )
    if on is None:
        raise ApplicationError(
            "victim.identified_on", _("Say when the person was identified."),
            field="identified_on",
        )  # fmt: skip
    with transaction.atomic():
        victim.status = codes.IdentificationStatus.IDENTIFIED
        victim.identified_by = by_organisation
        victim.identified_on = on
        _save(victim)
        audit_log(
            actor=actor, action="victim.identify", obj=victim, role=access.role,
            detail={"identified_by": by_organisation.pk},
        )  # fmt: skip
    return victim


def victim_assign(*, actor: Any, victim: Victim, organisation: Organisation | None) -> Victim:
    """Choose the organisation that manages the record (coordinator only)."""
    access = victim_access(actor, victim)
    if not access.assign:
        raise ApplicationError(
            "victim.not_allowed", _("Only the coordinator assigns a record."), status=403
        )
    if organisation is None or not organisation.is_active:
        raise ApplicationError(
            "victim.organisation", _("Choose an active organisation."), field="organisation"
        )
    with transaction.atomic():
        before = victim.organisation_id
        victim.organisation = organisation
        victim.save(update_fields=["organisation", "updated_at"])
        audit_log(
            actor=actor, action="victim.assign", obj=victim, role=access.role,
            detail={"from": before, "to": organisation.pk},
        )  # fmt: skip
    return victim


def victim_record_view(*, actor: Any, victim: Victim, access: Any, via: str = "page") -> None:
    """Every read of a record is audited, with whether the identity was shown."""
    audit_log(
        actor=actor, action="victim.read", obj=victim, role=access.role,
        detail={"identity": bool(access.identity), "via": via},
    )  # fmt: skip
