"""Reads of the registry and the network's work, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import Location, Organisation

from .models import ActionPoint, Assessment, FocalPoint, Meeting, Rating

_LOCATIONS = Prefetch("locations", queryset=Location.objects.select_related("parent__parent"))


def registry(*, today: date | None = None, organisation: Organisation | None = None) -> list[Any]:
    """Member organisations with their focal points: `current` (serving today),
    `history` (everyone else, newest first) and the gaps: `no_focal_point` when none is
    serving, `term_ended` when an active one's term is past its end date."""
    today = today or timezone.localdate()
    # `terms` and `organisations` are querysets, then lists of their rows.
    terms: QuerySet[FocalPoint] | list[FocalPoint]
    organisations: QuerySet[Organisation] | list[Organisation]
    terms = (
        FocalPoint.objects.prefetch_related(_LOCATIONS)
        .select_related("user")
        .order_by("-appointed_on", "name")
    )
    organisations = Organisation.objects.filter(is_active=True, network_member=True)
    if organisation is not None:
        organisations = organisations.filter(pk=organisation.pk)
    organisations = list(organisations.prefetch_related(Prefetch("focal_points", queryset=terms)))
    org: Any  # an Organisation, given the attributes below (hence list[Any])
    for org in organisations:
        terms = list(org.focal_points.all())
        org.current = [fp for fp in terms if fp.is_active and fp.serving_on(today)]
        org.history = [fp for fp in terms if fp not in org.current]
        org.no_focal_point = not any(fp.kind == FocalPoint.Kind.FOCAL_POINT for fp in org.current)
        org.term_ended = any(fp.is_active and fp.ends_on and fp.ends_on < today for fp in terms)
    return organisations


def directory(*, today: date | None = None) -> list[Any]:
    """The public directory: organisations with someone serving, and only them."""
    return [org for org in registry(today=today) if org.current]


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related("attendees").annotate(
        open_actions=Count("action_points", filter=Q(action_points__done_on__isnull=True))
    )


def meeting_detail() -> QuerySet[Meeting]:
    return Meeting.objects.prefetch_related(
        "attendees", Prefetch("action_points", queryset=ActionPoint.objects.select_related("owner"))
    )


def assessments(*, today: date | None = None) -> list[Any]:
    """Latest first; `expiring` flags those ending within the warning window or past."""
    today = today or timezone.localdate()
    warn = today + timedelta(days=settings.AMANA_ASSESSMENT_EXPIRY_WARNING_DAYS)
    # Assessments, given the attributes below (hence list[Any]).
    rows: list[Any] = list(Assessment.objects.select_related("organisation"))
    for row in rows:
        row.expiring = row.valid_until <= warn
        row.expired = row.valid_until < today
    return rows


def network_indicators(*, today: date | None = None) -> dict:
    """For the coordinator's dashboard."""
    today = today or timezone.localdate()
    members = registry(today=today)
    latest: dict[int, Assessment] = {}
    for assessment in Assessment.objects.order_by("organisation_id", "-assessed_on"):
        latest.setdefault(assessment.organisation_id, assessment)
    valid = [a for a in latest.values() if a.valid_until >= today]
    ratings = {value: sum(1 for a in valid if a.rating == value) for value in Rating.values}
    return {
        "members": len(members),
        "with_focal_point": sum(1 for org in members if not org.no_focal_point),
        "gaps": [org for org in members if org.no_focal_point or org.term_ended],
        "assessed": len(valid),
        "ratings": [(label, ratings[value]) for value, label in Rating.choices],
        "open_actions": ActionPoint.objects.filter(done_on__isnull=True).count(),
        "overdue_actions": ActionPoint.objects.filter(
            done_on__isnull=True, due_on__lt=today
        ).count(),
    }
