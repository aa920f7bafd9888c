"""The statistics API: anonymised figures only, through `disclosure`, from `StatCell`.

No endpoint returns a free-text field, a name, a reference number or an exact date:
figures are keyed by month, admin1 and code values.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import date

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, renderers, serializers, throttling
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints import codes
from core.apikeys import ApiKeyAuthentication, KeyHolder
from core.audit import audit_log
from core.codes import AgeGroup, Sex
from core.models import ApiKey, Location, Organisation
from focalpoints.selectors import network_indicators
from referrals.models import OUTCOMES
from trainings.selectors import focal_point_status, sessions

from . import disclosure, registry_cells
from .aggregates import ACK_BUCKETS
from .models import StatCell, StatRelease
from .permissions import API_KEY, may_read_statistics, statistics_role

BREAKDOWNS = {
    "month": [],
    "category": [c for c, _ in codes.Category.choices]
    + [c for c, _ in codes.Classification.choices],
    "entry_point": codes.EntryPoint.values,
    "admin1": [],
    "sex": Sex.values,
    "age_group": AgeGroup.values,
    "organisation_type": [*Organisation.Type.values, "unknown"],
    "status": [s for s in codes.Status.values if s != codes.Status.DRAFT],
    "exploitation_type": codes.ExploitationType.values,
}
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2099
FILTER_NAMES = {"start", "end", "admin1", "scope", "format"}


class CsvRenderer(renderers.BaseRenderer):
    """Rows as CSV: key, count, suppressed (one table per response)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["table", "key", "count", "suppressed"])
        for name, table in _tables(data):
            for row in table.get("cells", table["rows"]):
                writer.writerow(
                    [
                        name,
                        f"{row['key']}|{row['key2']}" if "key2" in row else row["key"],
                        "" if row["count"] is None else row["count"],
                        row["suppressed"],
                    ]
                )
        return out.getvalue().encode()


def _tables(data):
    if isinstance(data, dict) and "rows" in data:
        yield data.get("by", "table"), data
    elif isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, dict) and "rows" in value:
                yield name, value
            elif isinstance(value, dict) and "percent" in value:
                yield (
                    name,
                    {
                        "rows": [
                            {
                                "key": "percent",
                                "count": value["percent"],
                                "suppressed": value["suppressed"],
                            }
                        ]
                    },
                )


class StatsThrottle(throttling.SimpleRateThrottle):
    """Per key (or per signed-in user): AMANA_STATS_RATE, default 120 calls a minute."""

    scope = "stats"

    def get_rate(self):
        return settings.AMANA_STATS_RATE

    def get_cache_key(self, request, view):
        user = request.user
        ident = f"key:{user.key.pk}" if isinstance(user, KeyHolder) else f"user:{user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class MayReadStatistics(permissions.BasePermission):
    """API keys; signed-in analysts and coordinators."""

    def has_permission(self, request, view):
        user = request.user
        return isinstance(user, KeyHolder) or may_read_statistics(user)


class Filters(serializers.Serializer):
    start = serializers.CharField(required=False, help_text="First month, YYYY-MM.")
    end = serializers.CharField(required=False, help_text="Last month, YYYY-MM.")
    admin1 = serializers.IntegerField(required=False, help_text="Id of a province/state (admin 1).")
    scope = serializers.ChoiceField(choices=["network", "own"], default="network")

    def _month(self, value, name):
        match = MONTH.match(value or "")
        if (
            not match
            or not 1 <= int(match.group(2)) <= 12
            or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR
        ):
            raise serializers.ValidationError(
                {
                    name: f"Use a month as YYYY-MM between {FIRST_YEAR}-01 and "
                    f"{LAST_YEAR}-12, e.g. 2026-03."
                }
            )
        return date(int(match.group(1)), int(match.group(2)), 1)

    def validate(self, data):
        if "start" in data:
            data["start"] = self._month(data["start"], "start")
        if "end" in data:
            data["end"] = self._month(data["end"], "end")
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise serializers.ValidationError({"end": "The last month is before the first."})
        if (
            "admin1" in data
            and not Location.objects.filter(pk=data["admin1"], level=Location.Level.ADMIN1).exists()
        ):
            raise serializers.ValidationError({"admin1": "No such province/state."})
        return data


class StatsView(APIView):
    authentication_classes = [ApiKeyAuthentication, *APIView.authentication_classes]
    permission_classes = [MayReadStatistics]
    throttle_classes = [StatsThrottle]
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]
    action_name = "stats"

    def filters(self, request, extra=frozenset()):
        unknown = sorted(set(request.query_params) - FILTER_NAMES - set(extra))
        if unknown:
            raise ValidationError(
                dict.fromkeys(unknown, "Unknown parameter (see the API documentation).")
            )
        serializer = Filters(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        data["organisation"] = None
        if data["scope"] == "own":
            user = request.user
            if not isinstance(user, KeyHolder) or user.key.scope != ApiKey.Scope.ORGANISATION:
                raise NotFound  # fine-grained figures exist only for an organisation's own key
            data["organisation"] = user.organisation_id
        return data

    def audit(self, request, **detail):
        user = request.user
        if isinstance(user, KeyHolder):
            detail["key"] = user.key.prefix
            actor = None
        else:
            actor = user
        audit_log(
            actor=actor,
            action=f"stats.{self.action_name}",
            role=API_KEY if isinstance(user, KeyHolder) else statistics_role(user),
            detail={k: str(v) for k, v in detail.items()},
        )


def base_cells(dimension: str, filters: dict):
    """The perturbed base cells of one breakdown under the filters: the network's, or an
    organisation's own cells for its own key."""
    query = StatCell.objects.filter(dimension=dimension)
    if filters.get("start"):
        query = query.filter(month__gte=filters["start"])
    if filters.get("end"):
        query = query.filter(month__lte=filters["end"])
    if filters.get("admin1"):
        query = query.filter(admin1_id=filters["admin1"])
    own = filters.get("organisation")
    query = query.filter(organisation_id=own) if own else query.filter(organisation__isnull=True)
    return [
        ((m, a, k), n) for m, a, k, n in query.values_list("month", "admin1_id", "key", "perturbed")
    ]


def national(dimension: str, filters: dict) -> bool:
    """Network figures for the whole country: small groups show (perturbed). Anything
    finer (a province, a breakdown by province, an organisation's own figures) withholds
    values under the threshold (DOMAIN.md section 7)."""
    return not (filters.get("admin1") or filters.get("organisation") or dimension == "admin1")


def _table(dimension: str, filters: dict, keys=()):
    cells = base_cells(dimension, filters)
    if dimension == "month":
        keyed = [(m.strftime("%Y-%m"), n) for (m, a, k), n in cells]
    elif dimension == "admin1":
        names = dict(Location.objects.filter(level=Location.Level.ADMIN1).values_list("pk", "name"))
        keyed = [(names.get(a, "unknown"), n) for (m, a, k), n in cells]
    else:
        keyed = [(k, n) for (m, a, k), n in cells]
    return disclosure.table(sorted(keyed), keys=keys, national=national(dimension, filters))


def release() -> dict:
    """The release every figure is read from: its number and when it was built."""
    latest = StatRelease.objects.order_by("-pk").first()
    if latest is None:
        return {"id": None, "built_at": None}
    return {"id": latest.pk, "built_at": latest.built_at}


class ReleaseOutput(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null before the first build.")
    built_at = serializers.DateTimeField(allow_null=True)


class TableOutput(serializers.Serializer):
    class RowOutput(serializers.Serializer):
        key = serializers.CharField()
        count = serializers.IntegerField(
            allow_null=True, help_text="Null when every cell was suppressed."
        )
        suppressed = serializers.BooleanField(
            help_text="Some cases were left out: fewer than the threshold."
        )

    by = serializers.CharField()
    rows = RowOutput(many=True)
    total = serializers.IntegerField(help_text="Sum of the published rows (never the true total).")
    complete = serializers.BooleanField()
    threshold = serializers.IntegerField()


class ComplaintStatsOutput(TableOutput):
    release = ReleaseOutput()


FILTER_PARAMETERS = [
    OpenApiParameter("start", str, description="First month, YYYY-MM"),
    OpenApiParameter("end", str, description="Last month, YYYY-MM"),
    OpenApiParameter("admin1", int, description="Province/state id"),
    OpenApiParameter(
        "scope", str, enum=["network", "own"], description="'own' needs an organisation-scoped key"
    ),
    OpenApiParameter("format", str, enum=["json", "csv"]),
]


class ComplaintStatsApi(StatsView):
    """Complaints counted by one breakdown, with small cells suppressed."""

    action_name = "complaints"

    @extend_schema(
        parameters=[
            OpenApiParameter("by", str, enum=list(BREAKDOWNS), required=True),
            *FILTER_PARAMETERS,
        ],
        responses=ComplaintStatsOutput,
    )
    def get(self, request):
        by = request.query_params.get("by", "")
        if by not in BREAKDOWNS:
            raise ValidationError({"by": f"Choose one of: {', '.join(BREAKDOWNS)}."})
        filters = self.filters(request, extra={"by"})
        self.audit(request, by=by, **{k: v for k, v in filters.items() if v})
        return Response({"by": by, **_table(by, filters, BREAKDOWNS[by]), "release": release()})


class VictimStatsOutput(ComplaintStatsOutput):
    class CellOutput(serializers.Serializer):
        key = serializers.CharField(help_text="The code of `by`.")
        key2 = serializers.CharField(help_text="The code of `by2`.")
        count = serializers.IntegerField(allow_null=True, help_text="Null when withheld.")
        suppressed = serializers.BooleanField()

    by2 = serializers.CharField(required=False, help_text="Two-way tables only.")
    cells = CellOutput(
        many=True,
        required=False,
        help_text="Two-way tables only: one per pair of codes (with a country: only the "
        "pairs that publish more than 0). `rows` then holds the margin of `by`, "
        "`columns` that of `by2`.",
    )
    columns = TableOutput.RowOutput(many=True, required=False)


def _victim_table(by: str, by2: str | None, filters: dict) -> dict:
    """A one-way table, or a two-way table with its margins, of the registry's cells.

    Margins are sums of the published cells, as a one-way total is the sum of its rows: a
    margin row adds the cells shown in it and is marked `suppressed` when one of them is
    withheld. An exact margin is never published beside the cells: with it, the margin
    minus the cells shown would give the withheld cells' sum exactly (the differencing
    attack of issue 13), and at national level, in a row with one non-empty cell, the
    exact count itself. Nor is the margin read from the one-way table's cells: those are
    perturbed apart, so the table would not add up, and for a multi-valued `by2` they
    count victims where the margin counts victim-value pairs (a victim with two purposes
    is in two cells of their row)."""
    is_national = not (filters.get("admin1") or filters.get("organisation") or by == "admin1")
    if by2 is None:
        cells = base_cells(registry_cells.stored(by), filters)
        if by == "month":
            keyed = [(m.strftime("%Y-%m"), n) for (m, a, k), n in cells]
        elif by == "admin1":
            names = dict(
                Location.objects.filter(level=Location.Level.ADMIN1).values_list("pk", "name")
            )
            keyed = [(names.get(a, "unknown"), n) for (m, a, k), n in cells]
        else:
            keyed = [(k, n) for (m, a, k), n in cells]
        keys = registry_cells.DIMENSIONS[by]
        return {"by": by, **disclosure.table(sorted(keyed), keys=keys, national=is_national)}
    first, second = registry_cells.two_way(by, by2) or (by, by2)
    flip = (first, second) != (by, by2)
    pairs = []
    for (_m, _a, key), n in base_cells(registry_cells.stored(first, second), filters):
        x, y = key.split(registry_cells.SEPARATOR, 1)
        pairs.append(((y, x) if flip else (x, y), n))
    # Countries: only the pairs that publish more than 0 are listed (249 x 249 pairs would
    # be mostly zeros). Not "the pairs with a case": a case whose noise took its cell to 0
    # would then show as a 0 row, unlike an empty pair, and tell that someone is there.
    countries = {"citizenship", "exploitation_country"}
    published: dict[tuple[str, str], int] = defaultdict(int)
    for pair, n in pairs:
        published[pair] += n
    seen = {pair for pair, n in published.items() if n > 0}
    keys = [
        (x, y)
        for x in registry_cells.DIMENSIONS[by]
        for y in registry_cells.DIMENSIONS[by2]
        if not (by in countries or by2 in countries) or (x, y) in seen
    ]
    if by in countries or by2 in countries:
        pairs = [(pair, n) for pair, n in pairs if pair in seen]
    table = disclosure.table(
        sorted((f"{x}{registry_cells.SEPARATOR}{y}", n) for (x, y), n in pairs),
        keys=[f"{x}{registry_cells.SEPARATOR}{y}" for x, y in keys],
        national=is_national,
    )
    cells_out = []
    margins: dict[str, dict] = {"rows": {}, "columns": {}}
    for row in table["rows"]:
        x, y = row["key"].split(registry_cells.SEPARATOR, 1)
        cells_out.append({"key": x, "key2": y, **{k: row[k] for k in ("count", "suppressed")}})
        for side, code in (("rows", x), ("columns", y)):
            margin = margins[side].setdefault(code, {"key": code, "count": 0, "suppressed": False})
            margin["count"] += row["count"] or 0
            margin["suppressed"] |= row["suppressed"]
    return {
        "by": by,
        "by2": by2,
        "rows": list(margins["rows"].values()),
        "columns": list(margins["columns"].values()),
        "cells": cells_out,
        "total": table["total"],
        "complete": table["complete"],
        "threshold": table["threshold"],
    }


class VictimStatsApi(StatsView):
    """Victims of trafficking (the registry) counted by one dimension (`by`), or by two
    (`by` and `by2`: a two-way table with its margins). Only victims who consented to be
    counted, presumed or identified; by month of registration and province."""

    action_name = "victims"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "by",
                str,
                enum=list(registry_cells.DIMENSIONS),
                description="The dimension (default: month). Multi-valued ones (purpose, "
                "means, means_of_control, recruiter_relation, citizenship, "
                "exploitation_country, assistance) count a victim under each value.",
            ),
            OpenApiParameter(
                "by2",
                str,
                enum=sorted({d for pair in registry_cells.TWO_WAY for d in pair}),
                description="A second dimension, for a two-way table. Offered: "
                + ", ".join(f"{a} x {b}" for a, b in registry_cells.TWO_WAY)
                + " (either order).",
            ),
            *FILTER_PARAMETERS,
        ],
        responses=VictimStatsOutput,
    )
    def get(self, request):
        by = request.query_params.get("by", "month")
        by2 = request.query_params.get("by2")
        if by not in registry_cells.DIMENSIONS:
            raise ValidationError({"by": f"Choose one of: {', '.join(registry_cells.DIMENSIONS)}."})
        if by2 is not None and registry_cells.two_way(by, by2) is None:
            offered = ", ".join(f"{a} x {b}" for a, b in registry_cells.TWO_WAY)
            raise ValidationError(
                {"by2": f"No two-way table of {by} by {by2}. Offered (either order): {offered}."}
            )
        filters = self.filters(request, extra={"by", "by2"})
        self.audit(request, by=by, by2=by2 or "", **{k: v for k, v in filters.items() if v})
        return Response({**_victim_table(by, by2, filters), "release": release()})


class RatioOutput(serializers.Serializer):
    percent = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    denominator = serializers.IntegerField(allow_null=True)


class ReferralStatsOutput(serializers.Serializer):
    sea_referred_within_sla = RatioOutput(
        help_text="Of the SEA allegations that could be referred (known affiliation, and "
        "consent or a referral on another basis)."
    )
    sea_not_referable = TableOutput(
        help_text="SEA allegations by whether they were referred in time (yes), late (no), "
        "or could not be referred (not_referable: affiliation unknown or no consent)."
    )
    median_hours_to_acknowledgement = serializers.CharField(
        allow_null=True, help_text="The bucket holding the median."
    )
    survivors_referred_to_assistance = RatioOutput()
    survivors_assisted = RatioOutput()
    complainants_given_feedback = RatioOutput()
    unknown_affiliation = RatioOutput()
    outcomes = TableOutput()
    acknowledgement_hours = TableOutput()
    release = ReleaseOutput()


def _published(table, key):
    row = next((r for r in table["rows"] if r["key"] == key), None)
    return (row or {}).get("count") or 0


class ReferralStatsApi(StatsView):
    """Referral indicators: SLA compliance, acknowledgement time, assistance, feedback,
    unknown affiliation and investigation outcomes."""

    action_name = "referrals"

    @extend_schema(parameters=FILTER_PARAMETERS, responses=ReferralStatsOutput)
    def get(self, request):
        filters = self.filters(request)
        self.audit(request, **{k: v for k, v in filters.items() if v})
        sla = _table("sea_referred_24h", filters, ["yes", "no", "not_referable"])
        affiliation = _table("affiliation", filters, ["known", "unknown"])
        feedback = _table("feedback", filters, ["given", "not_given"])
        assistance = _table("assistance", filters, ["assisted", "referred", "not_referred"])
        buckets = [label for _, label in ACK_BUCKETS] + [">96h"]
        ack = _table("ack_hours", filters, buckets)
        outcomes = _table("outcome", filters, sorted(OUTCOMES))
        assisted, referred = (_published(assistance, k) for k in ("assisted", "referred"))
        return Response(
            {
                # Only the allegations that could be referred count (not_referable apart).
                "sea_referred_within_sla": disclosure.ratio(
                    _published(sla, "yes"), _published(sla, "yes") + _published(sla, "no")
                ),
                "sea_not_referable": {"by": "referable", **sla},
                "median_hours_to_acknowledgement": _median_bucket(ack, buckets),
                "survivors_referred_to_assistance": disclosure.ratio(
                    assisted + referred, assistance["total"]
                ),
                "survivors_assisted": disclosure.ratio(assisted, assisted + referred),
                "complainants_given_feedback": disclosure.ratio(
                    _published(feedback, "given"), feedback["total"]
                ),
                "unknown_affiliation": disclosure.ratio(
                    _published(affiliation, "unknown"), affiliation["total"]
                ),
                "outcomes": {"by": "outcome", **outcomes},
                "acknowledgement_hours": {"by": "acknowledgement_hours", **ack},
                "release": release(),
            }
        )


def _median_bucket(table, buckets):
    total = table["total"]
    if total < disclosure.threshold():
        return None
    seen = 0
    for label in buckets:
        seen += _published(table, label)
        if seen * 2 >= total:
            return label
    return None


class TrainingStatsOutput(serializers.Serializer):
    sessions_held = serializers.IntegerField()
    people_reached = serializers.IntegerField()
    by_audience = TableOutput()
    by_month = TableOutput()


class TrainingStatsApi(StatsView):
    """Reach of trainings and awareness sessions (counts of people, never names)."""

    action_name = "trainings"

    @extend_schema(parameters=FILTER_PARAMETERS[:2], responses=TrainingStatsOutput)
    def get(self, request):
        filters = self.filters(request)
        self.audit(request, **{k: v for k, v in filters.items() if v})
        held = sessions().filter(status="held")
        if filters.get("start"):
            held = held.filter(starts_on__gte=filters["start"])
        if filters.get("end"):
            held = held.filter(starts_on__lt=_next_month(filters["end"]))
        rows = list(held.values_list("audience", "starts_on", "reached"))
        return Response(
            {
                "sessions_held": len(rows),
                "people_reached": sum(n for _a, _d, n in rows),
                "by_audience": {
                    "by": "audience",
                    **disclosure.table([(a, n) for a, _d, n in rows], k=0),
                },
                "by_month": {
                    "by": "month",
                    **disclosure.table(sorted((d.strftime("%Y-%m"), n) for _a, d, n in rows), k=0),
                },
            }
        )


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


class FocalPointStatsOutput(serializers.Serializer):
    member_organisations = serializers.IntegerField()
    with_active_focal_point = serializers.IntegerField()
    coverage = serializers.FloatField(allow_null=True)
    focal_points = serializers.IntegerField()
    trained = serializers.IntegerField()


class FocalPointStatsApi(StatsView):
    """Focal-point coverage of the network's member organisations, and training status."""

    action_name = "focal_points"

    @extend_schema(responses=FocalPointStatsOutput)
    def get(self, request):
        self.audit(request)
        network = network_indicators()
        status = focal_point_status()
        members = network["members"]
        return Response(
            {
                "member_organisations": members,
                "with_active_focal_point": network["with_focal_point"],
                "coverage": round(100 * network["with_focal_point"] / members, 1)
                if members
                else None,
                "focal_points": len(status),
                "trained": sum(1 for fp in status if fp.status == "trained"),
            }
        )
