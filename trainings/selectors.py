"""Reads of trainings: session lists, focal-point training status and the reports."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.codes import AgeGroup, Sex
from focalpoints.models import FocalPoint

from .models import AttendanceCount, Audience, Participant, Session


def _counted() -> Coalesce:
    return Coalesce(
        Subquery(
            AttendanceCount.objects.filter(session=OuterRef("pk"))
            .values("session")
            .annotate(total=Sum("count"))
            .values("total"),
            output_field=IntegerField(),
        ),
        0,
    )


def sessions() -> QuerySet[Session]:
    """Sessions with `named` (attended participants) and `reached` (named plus counted)."""
    return (
        Session.objects.select_related("module", "organisation", "location__parent")
        .annotate(
            named=Count("participants", filter=Q(participants__attended=True), distinct=True),
            counted=_counted(),
        )
        .annotate(reached=F("named") + F("counted"))
        .order_by("-starts_on", "-pk")
    )


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def focal_point_status(*, today: date | None = None) -> list[Any]:
    """Serving focal points with `trained_on` (last focal-point module attended),
    `refresher_due_on` and `status`: "untrained", "trained" or "refresher_due"."""
    today = today or timezone.localdate()
    months = settings.AMANA_REFRESHER_MONTHS
    focal_points = (
        FocalPoint.objects.filter(is_active=True)
        .select_related("organisation", "user")
        .annotate(
            trained_on=Max(
                "trainings__session__starts_on",
                filter=Q(
                    trainings__attended=True,
                    trainings__session__status=Session.Status.HELD,
                    trainings__session__module__trains_focal_points=True,
                ),
            )
        )
    )
    # FocalPoints, given the attributes below (hence list[Any]).
    rows: list[Any] = [fp for fp in focal_points if fp.serving_on(today)]
    for fp in rows:
        fp.refresher_due_on = add_months(fp.trained_on, months) if fp.trained_on else None
        if fp.trained_on is None:
            fp.status = "untrained"
        elif fp.refresher_due_on <= today:
            fp.status = "refresher_due"
        else:
            fp.status = "trained"
    return rows


def report(*, today: date | None = None) -> dict:
    """Sessions held and people reached by month, audience, organisation, location, sex
    and age; average knowledge gain; untrained focal points. A fixed number of queries."""
    held = sessions().filter(status=Session.Status.HELD)
    fields = ["pk", "starts_on", "audience", "organisation__acronym", "location__name"]
    rows = list(held.values(*fields, "location__parent__name", "reached"))
    by_month: Counter[str]
    by_audience: Counter[str]
    by_org: Counter[str]
    by_place: Counter[str]
    by_month, by_audience, by_org, by_place = Counter(), Counter(), Counter(), Counter()
    sessions_by_month: Counter[str] = Counter()
    for row in rows:
        month = row["starts_on"].strftime("%Y-%m")
        sessions_by_month[month] += 1
        by_month[month] += row["reached"]
        by_audience[row["audience"]] += row["reached"]
        by_org[row["organisation__acronym"]] += row["reached"]
        by_place[row["location__parent__name"] or row["location__name"] or "—"] += row["reached"]
    sex_age: Counter[tuple[str, str]] = Counter()
    for sex, age, n in AttendanceCount.objects.filter(
        session__status=Session.Status.HELD
    ).values_list("sex", "age_group", "count"):
        sex_age[(sex, age)] += n
    for sex, age in Participant.objects.filter(
        attended=True, session__status=Session.Status.HELD
    ).values_list("sex", "age_group"):
        sex_age[(sex, age)] += 1
    gain = Participant.objects.filter(
        attended=True,
        pre_score__isnull=False,
        post_score__isnull=False,
        session__status=Session.Status.HELD,
    ).aggregate(gain=Avg(F("post_score") - F("pre_score")), tested=Count("id"))
    status = focal_point_status(today=today)
    months = sorted(by_month)
    peak = max(by_month.values(), default=0)
    audiences = dict(Audience.choices)
    return {
        "sessions": len(rows),
        "reached": sum(by_month.values()),
        "by_month": [
            {"month": m, "sessions": sessions_by_month[m], "reached": by_month[m]} for m in months
        ],
        "peak": peak,
        "by_audience": [(audiences.get(k, k), v) for k, v in sorted(by_audience.items())],
        "by_organisation": sorted(by_org.items()),
        "by_location": sorted(by_place.items()),
        "sex_age": [
            {"sex": label, "cells": [sex_age[(sex, age)] for age, _ in AgeGroup.choices]}
            for sex, label in Sex.choices
        ],
        "age_groups": [label for _, label in AgeGroup.choices],
        "knowledge_gain": round(gain["gain"], 1) if gain["gain"] is not None else None,
        "tested": gain["tested"],
        "untrained": [fp for fp in status if fp.status == "untrained"],
        "refresher_due": [fp for fp in status if fp.status == "refresher_due"],
        "trained": sum(1 for fp in status if fp.status == "trained"),
        "focal_points": len(status),
    }
