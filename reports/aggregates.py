"""Rebuilds the statistics' base cells (`StatCell`) from the cases, with GROUP BY queries,
as one release read from one consistent snapshot.

Which cases count: submitted complaints (no drafts) with no survivor recorded, or with a
survivor who consented to be counted in statistics (as GBVIMS does). Dates are kept by
month and places by admin1 only: no site, no exact date is ever aggregated.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django.utils import timezone

from complaints import codes
from complaints.models import Complaint, Consent, Feedback, Person, TraffickingDetails
from referrals.models import OUTCOMES, AssistanceReferral, AssistanceStatus, InvestigationReferral

from . import disclosure, registry_cells
from .models import RetainedCell, StatCell, StatRelease

ADMIN1 = Coalesce("location__parent__parent_id", "location__parent_id", "location_id")


def could_be_referred() -> Q:
    """An SEA allegation that could be referred for investigation (DOMAIN.md section 9,
    counting fairly): the affiliation is known, and the survivor consented or it was
    referred on another basis. The dashboard and the statistics count the same ones."""
    consented = Consent.objects.standing().filter(
        complaint=OuterRef("pk"), scope=codes.ConsentScope.INVESTIGATION
    )
    referred = InvestigationReferral.objects.filter(complaint=OuterRef("pk"))
    return Q(implicated_unknown=False) & (Exists(consented) | Exists(referred))


def eligible_complaints():
    survivors = Person.objects.filter(complaint=OuterRef("pk"), is_survivor=True)
    consented = Consent.objects.standing().filter(
        complaint=OuterRef("pk"), scope=codes.ConsentScope.STATISTICS
    )
    return Complaint.objects.exclude(status=codes.Status.DRAFT).filter(
        ~Exists(survivors) | Exists(consented)
    )


def _complaint_dimensions():
    category = Coalesce(
        NullIf(F("classification"), Value("")), F("category"), output_field=CharField()
    )
    return {
        "month": Value("", output_field=CharField()),
        "category": category,
        "entry_point": F("entry_point"),
        "status": F("status"),
        "organisation_type": Coalesce(
            F("implicated_organisation__type"), Value("unknown"), output_field=CharField()
        ),
        "admin1": Value("", output_field=CharField()),
    }


def _record_key(month_field: str) -> str:
    """The record key a counted item carries: its case's (`Complaint.stat_key`)."""
    return "stat_key" if month_field == "received_at" else "complaint__stat_key"


def _cells(queryset, dimension: str, key, *, month_field: str, admin1, organisation: str | None):
    fields = {"m": TruncMonth(month_field), "a1": admin1, "k": key}
    if organisation:
        fields["org"] = F(organisation)
    rows = (
        queryset.annotate(**fields)
        .values(*fields)
        # every query below yields one row per counted item
        .annotate(n=Count("pk"), keys=Sum(_record_key(month_field)))
        .order_by()
    )
    for row in rows:
        if organisation and row["org"] is None:
            # No receiving organisation (a public report): in the network's grid only; a
            # second row with a NULL organisation would stand for the network's cell.
            continue
        yield StatCell(
            dimension=dimension,
            month=row["m"],
            admin1_id=row["a1"],
            organisation_id=row.get("org"),
            key=row["k"] or "",
            count=row["n"],
            key_sum=row["keys"] or 0,
        )


def _indicator_sources(complaints):
    sea = complaints.filter(
        classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA]
    )
    referred_in_time = Exists(
        InvestigationReferral.objects.filter(
            complaint=OuterRef("pk"), referred_at__lte=OuterRef("received_at") + _hours(24)
        )
    )
    # Counting fairly (DOMAIN.md section 9): only allegations that could be referred count
    # for the 24-hour figure (a known affiliation, and the survivor's consent or a referral
    # made on another basis); the others are counted apart as "not_referable".
    referable = could_be_referred()
    yield (
        "sea_referred_24h",
        sea,
        Case(
            When(referred_in_time, then=Value("yes")),
            When(referable, then=Value("no")),
            default=Value("not_referable"),
        ),
        "received_at",
        ADMIN1,
        "receiving_organisation_id",
    )
    yield (
        "affiliation",
        sea,
        Case(When(implicated_unknown=True, then=Value("unknown")), default=Value("known")),
        "received_at",
        ADMIN1,
        "receiving_organisation_id",
    )
    feedback_wanted = complaints.exclude(feedback_channel=codes.FeedbackChannel.NONE).filter(
        Exists(InvestigationReferral.objects.filter(complaint=OuterRef("pk")))
    )
    given = Exists(Feedback.objects.filter(complaint=OuterRef("pk")))
    yield (
        "feedback",
        feedback_wanted,
        Case(When(given, then=Value("given")), default=Value("not_given")),
        "received_at",
        ADMIN1,
        "receiving_organisation_id",
    )
    survivors = Person.objects.filter(is_survivor=True, complaint__in=sea)
    referred = Exists(AssistanceReferral.objects.filter(survivor=OuterRef("pk")))
    assisted = Exists(
        AssistanceReferral.objects.filter(survivor=OuterRef("pk"), status=AssistanceStatus.PROVIDED)
    )
    c_admin1 = Coalesce(
        "complaint__location__parent__parent_id",
        "complaint__location__parent_id",
        "complaint__location_id",
    )
    yield (
        "assistance",
        survivors,
        Case(
            When(assisted, then=Value("assisted")),
            When(referred, then=Value("referred")),
            default=Value("not_referred"),
        ),
        "complaint__received_at",
        c_admin1,
        "complaint__receiving_organisation_id",
    )
    referrals = InvestigationReferral.objects.filter(
        complaint__in=complaints, withdrawn_at__isnull=True
    )
    yield (
        "outcome",
        referrals.filter(status__in=OUTCOMES),
        F("status"),
        "referred_at",
        c_admin1,
        "complaint__receiving_organisation_id",
    )
    bucket = Case(
        *[
            When(**{"acknowledged_at__lte": F("referred_at") + _hours(h)}, then=Value(label))
            for h, label in ACK_BUCKETS
        ],
        default=Value(">96h"),
        output_field=CharField(),
    )
    yield (
        "ack_hours",
        referrals.filter(acknowledged_at__isnull=False),
        bucket,
        "referred_at",
        c_admin1,
        "complaint__receiving_organisation_id",
    )


ACK_BUCKETS = [(6, "0-6h"), (12, "6-12h"), (24, "12-24h"), (48, "24-48h"), (96, "48-96h")]


def _hours(n):
    return Value(timedelta(hours=n))


def _all_cells(complaints) -> Iterator[StatCell]:
    """Every base cell of these (eligible) complaints: the network's grid, then each
    receiving organisation's own."""
    for organisation in (None, "receiving_organisation_id"):
        for dimension, key in _complaint_dimensions().items():
            yield from _cells(
                complaints,
                dimension,
                key,
                month_field="received_at",
                admin1=ADMIN1,
                organisation=organisation,
            )
        survivors = Person.objects.filter(is_survivor=True, complaint__in=complaints)
        c_admin1 = Coalesce(
            "complaint__location__parent__parent_id",
            "complaint__location__parent_id",
            "complaint__location_id",
        )
        org = "complaint__receiving_organisation_id" if organisation else None
        for dimension in ("sex", "age_group"):
            yield from _cells(
                survivors,
                dimension,
                F(dimension),
                month_field="complaint__received_at",
                admin1=c_admin1,
                organisation=org,
            )
        # Trafficking cases by type of exploitation (counter-trafficking reporting): a case
        # is counted under each type it reports. The codes are matched in the list's JSON
        # text, quotes included, which SQLite and PostgreSQL read alike.
        trafficking = TraffickingDetails.objects.filter(complaint__in=complaints)
        for purpose in codes.ReportedExploitation.values:
            yield from _cells(
                trafficking.filter(exploitation_types__icontains=f'"{purpose}"'),
                "exploitation_type",
                Value(purpose, output_field=CharField()),
                month_field="complaint__received_at",
                admin1=c_admin1,
                organisation=org,
            )
        for dimension, queryset, key, month_field, admin1, org_field in _indicator_sources(
            complaints
        ):
            yield from _cells(
                queryset,
                dimension,
                key,
                month_field=month_field,
                admin1=admin1,
                organisation=org_field if organisation else None,
            )


def _grain_fields(cell: StatCell | RetainedCell) -> dict:
    """Where a cell sits: its breakdown, month, admin1, organisation and value."""
    return {
        "dimension": cell.dimension, "month": cell.month, "admin1_id": cell.admin1_id,
        "organisation_id": cell.organisation_id, "key": cell.key,
    }  # fmt: skip


def _grain(cell: StatCell | RetainedCell) -> tuple:
    return tuple(_grain_fields(cell).values())


def stats_rebuild() -> int:
    """Recompute every base cell as a new release; returns how many cells there are.

    Every cell is read from one snapshot (REPEATABLE READ on PostgreSQL, when the rebuild
    runs in its own transaction; SQLite serialises writers anyway), so a release never
    counts a case in one breakdown and not in another. Readers see the old release until
    the new one is committed."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            return _rebuild()
    with transaction.atomic():
        return _rebuild()


def _rebuild() -> int:
    """The cells purged cases left (`RetainedCell`, with their record keys) are added to
    the live ones, so a purge changes no figure, its noise included."""
    cells = list(_all_cells(eligible_complaints()))
    cells += registry_cells.victim_cells()  # the registry's, from the same snapshot
    by_grain = {_grain(cell): cell for cell in cells}
    for retained in RetainedCell.objects.all():
        live = by_grain.get(_grain(retained))
        if live is not None:
            live.count += retained.count
            live.key_sum += retained.key_sum
        else:
            by_grain[_grain(retained)] = cell = StatCell(
                **_grain_fields(retained), count=retained.count, key_sum=retained.key_sum
            )
            cells.append(cell)
    for cell in cells:
        cell.perturbed = disclosure.perturb(cell.count, cell.key_sum)
    StatCell.objects.all().delete()
    StatCell.objects.bulk_create(cells, batch_size=5000)
    StatRelease.objects.create(built_at=timezone.now(), cells=len(cells))
    return len(cells)


@transaction.atomic
def stats_retain(complaint: Complaint) -> int:
    """Freeze a case's share of the base cells before it is purged (complaints'
    retention, through `case_purging`); returns how many cells it touched. A case not
    counted in the statistics (no consent) leaves nothing."""
    touched = 0
    for cell in _all_cells(eligible_complaints().filter(pk=complaint.pk)):
        grain = _grain_fields(cell)
        retained = RetainedCell.objects.select_for_update().filter(**grain).first()
        if retained is None:
            RetainedCell.objects.create(**grain, count=cell.count, key_sum=cell.key_sum)
        else:
            RetainedCell.objects.filter(pk=retained.pk).update(
                count=F("count") + cell.count, key_sum=F("key_sum") + cell.key_sum
            )
        touched += 1
    return touched
