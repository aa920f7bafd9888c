"""Writes to the registry, meetings, assessments and safe-hiring records; each validates,
saves and audits in one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import cast

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.audit import audit_log
from core.errors import ApplicationError
from core.models import Location, Organisation, User

from .models import (
    ActionPoint,
    Assessment,
    CoreStandard,
    FocalPoint,
    ImprovementAction,
    Meeting,
    Rating,
    Result,
    SafeHiringCheck,
    StandardResult,
)
from .permissions import focal_point_access, network_access, registry_access


def _check_dates(start: date | None, end: date | None, *, field: str = "ends_on") -> None:
    if start and end and end < start:
        raise ApplicationError(
            "dates.end_before_start", _("The end date is before the start date."), field=field
        )


@transaction.atomic
def focal_point_save(
    *,
    actor: User,
    focal_point: FocalPoint,
    locations: Iterable[Location] | None = None,
    changed: Iterable[str] = (),
) -> FocalPoint:
    """Rules: the end of a term is not before its start; the same person (same e-mail, or
    same name) is not registered twice as an active focal point of one agency."""
    adding = focal_point._state.adding
    _check_dates(focal_point.appointed_on, focal_point.ends_on)
    focal_point.full_clean(exclude=["user"])
    if (
        focal_point.user_id  # then `user` is not None (the cast tells mypy)
        and cast(User, focal_point.user).organisation_id != focal_point.organisation_id
    ):
        raise ApplicationError(
            "focalpoint.account_elsewhere",
            _("That account belongs to another organisation."),
            field="user",
        )
    if focal_point.is_active:
        same = Q(name__iexact=focal_point.name.strip())
        if focal_point.email:
            same |= Q(email__iexact=focal_point.email)
        twin = (
            FocalPoint.objects.filter(same, organisation=focal_point.organisation, is_active=True)
            .exclude(pk=focal_point.pk)
            .first()
        )
        if twin is not None:
            raise ApplicationError(
                "focalpoint.duplicate",
                _("%(name)s is already registered as an active focal point of %(organisation)s.")
                % {"name": twin.name, "organisation": focal_point.organisation.acronym},
                status=409,
            )
    focal_point.save()
    if locations is not None:
        focal_point.locations.set(locations)
    audit_log(
        actor=actor,
        action="focalpoint.create" if adding else "focalpoint.update",
        obj=focal_point,
        role=focal_point_access(actor, focal_point).role,
        detail={"fields": sorted(changed), "organisation": focal_point.organisation.acronym},
    )
    return focal_point


@transaction.atomic
def focal_point_end(*, actor: User, focal_point: FocalPoint, ends_on: date) -> FocalPoint:
    """End a term; the row stays in the history."""
    _check_dates(focal_point.appointed_on, ends_on)
    focal_point.ends_on = ends_on
    focal_point.is_active = False
    focal_point.save(update_fields=["ends_on", "is_active"])
    audit_log(
        actor=actor,
        action="focalpoint.end",
        obj=focal_point,
        role=focal_point_access(actor, focal_point).role,
    )
    return focal_point


@transaction.atomic
def meeting_save(
    *, actor: User, meeting: Meeting, attendees: Iterable[Organisation] | None = None
) -> Meeting:
    adding = meeting._state.adding
    if adding:
        meeting.created_by = actor
    meeting.full_clean(exclude=["created_by"])
    meeting.save()
    if attendees is not None:
        meeting.attendees.set(attendees)
    audit_log(
        actor=actor,
        action="meeting.create" if adding else "meeting.update",
        obj=meeting,
        role=network_access(actor).role,
    )
    return meeting


@transaction.atomic
def action_point_add(
    *, actor: User, meeting: Meeting, description: str, owner: Organisation, due_on: date
) -> ActionPoint:
    if due_on < meeting.held_on:
        raise ApplicationError(
            "actionpoint.due_before_meeting",
            _("The due date is before the meeting."),
            field="due_on",
        )
    action = ActionPoint(meeting=meeting, description=description, owner=owner, due_on=due_on)
    action.full_clean()
    action.save()
    audit_log(
        actor=actor,
        action="actionpoint.create",
        obj=action,
        role=network_access(actor).role,
        detail={"meeting": meeting.pk},
    )
    return action


@transaction.atomic
def action_point_done(*, actor: User, action: ActionPoint, done_on: date) -> ActionPoint:
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    audit_log(actor=actor, action="actionpoint.done", obj=action, role=network_access(actor).role)
    return action


def rating_for(results: dict[str, str]) -> str:
    """Full capacity when all eight core standards are met, medium with six or seven, low
    otherwise. A standard partly met counts as not met."""
    met = sum(1 for result in results.values() if result == Result.MET)
    if met == len(CoreStandard):
        return Rating.FULL
    if met >= len(CoreStandard) - 2:
        return Rating.MEDIUM
    return Rating.LOW


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    organisation: Organisation,
    assessed_on: date,
    results: dict[str, tuple[str, str]],
    code_of_conduct_prohibits_sea: bool,
    agreement_has_psea_clause: bool,
    plan: Sequence[tuple[str, date]] = (),
) -> Assessment:
    """Rules: every core standard is assessed; the rating follows from the results; the
    assessment is valid for AMANA_ASSESSMENT_VALID_YEARS (default 5)."""
    missing = [label for value, label in CoreStandard.choices if value not in results]
    if missing:
        raise ApplicationError(
            "assessment.incomplete",
            _("Assess every core standard: %(missing)s.")
            % {"missing": ", ".join(map(str, missing))},
        )
    for _description, due_on in plan:
        if due_on < assessed_on:
            raise ApplicationError(
                "assessment.action_before_assessment",
                _("An improvement action is due before the assessment date."),
            )
    assessment = Assessment.objects.create(
        organisation=organisation,
        assessed_on=assessed_on,
        valid_until=_years_later(assessed_on, settings.AMANA_ASSESSMENT_VALID_YEARS),
        assessed_by=actor,
        rating=rating_for({standard: result for standard, (result, _note) in results.items()}),
        code_of_conduct_prohibits_sea=code_of_conduct_prohibits_sea,
        agreement_has_psea_clause=agreement_has_psea_clause,
    )
    StandardResult.objects.bulk_create(
        StandardResult(assessment=assessment, standard=standard, result=result, evidence=note)
        for standard, (result, note) in results.items()
    )
    ImprovementAction.objects.bulk_create(
        ImprovementAction(assessment=assessment, description=description, due_on=due_on)
        for description, due_on in plan
    )
    audit_log(
        actor=actor,
        action="assessment.create",
        obj=assessment,
        role=network_access(actor).role,
        detail={"organisation": organisation.acronym, "rating": assessment.rating},
    )
    return assessment


@transaction.atomic
def safe_hiring_record(*, actor: User, check: SafeHiringCheck) -> SafeHiringCheck:
    check.recorded_by = actor
    check.full_clean(exclude=["recorded_by"])
    check.save()
    audit_log(
        actor=actor,
        action="safehiring.record",
        obj=check,
        role=registry_access(actor, check.organisation).role,
        detail={"organisation": check.organisation.acronym, "outcome": check.outcome},
    )
    return check
