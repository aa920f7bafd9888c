"""Reads of complaints, scoped to the user in one place."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.models import Location, User
from core.permissions import get_object_and_access_or_404
from core.roles import Role

from . import codes
from .models import (
    AddedInformation,
    Attachment,
    Complaint,
    ComplaintGroupObjectPermission,
    ComplaintUserObjectPermission,
    Consent,
    Feedback,
    Person,
    PurgedCase,
    Recusal,
)
from .permissions import ComplaintAccess, complaint_access, may_list_complaints


def complaint_list_for(user: Any) -> QuerySet[Complaint]:
    """Complaints the user may know exist (the same rules as `complaint_access`)."""
    base = Complaint.objects.select_related("receiving_organisation", "location__parent__parent")
    if not (user.is_authenticated and user.is_active):
        return base.none()
    not_recused = ~Exists(Recusal.objects.filter(complaint=OuterRef("pk"), user=user))
    own_drafts = Q(status=codes.Status.DRAFT, received_by=user)
    visible = Q(pk__in=[])
    if user.has_role(Role.COORDINATOR):
        visible |= ~Q(status=codes.Status.DRAFT)
    if user.has_role(Role.FOCAL_POINT) and user.organisation_id:
        visible |= (
            Q(receiving_organisation_id=user.organisation_id)
            & ~Q(status=codes.Status.DRAFT)
            & (Q(need_to_know=False) | Q(received_by=user))
        ) | Q(
            forwarded_to_id=user.organisation_id,
            status=codes.Status.FORWARDED,
            need_to_know=False,
        )
    if user.has_role(Role.INVESTIGATOR) or user.has_role(Role.FOCAL_POINT):
        granted = Exists(
            ComplaintUserObjectPermission.objects.filter(
                content_object=OuterRef("pk"), user=user, permission__codename="view_case"
            )
        ) | Exists(
            ComplaintGroupObjectPermission.objects.filter(
                content_object=OuterRef("pk"),
                group__in=user.groups.all(),
                permission__codename="view_case",
            )
        )
        visible |= Q(granted) & ~Q(status=codes.Status.DRAFT)
    return base.filter((visible | own_drafts) & not_recused)


def complaint_filter(
    queryset: QuerySet[Complaint],
    *,
    status: str = "",
    category: str = "",
    location: Location | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Complaint]:
    if status:
        queryset = queryset.filter(status=status)
    if category:
        queryset = queryset.filter(Q(category=category) | Q(classification=category))
    if location is not None:
        queryset = queryset.filter(
            Q(location=location)
            | Q(location__parent=location)
            | Q(location__parent__parent=location)
        )
    if date_from:
        queryset = queryset.filter(received_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(received_at__date__lte=date_to)
    return queryset


def with_duplicate_flag(queryset: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """Annotate `possible_duplicate` by blind index, decrypting nothing."""
    same_phone = (
        Person.objects.filter(is_survivor=True, phone_index=OuterRef("phone_index"))
        .exclude(complaint=OuterRef("complaint"))
        .exclude(phone_index="")
    )
    same_perpetrator = (
        Person.objects.filter(
            is_perpetrator=True,
            name_index=OuterRef("name_index"),
            affiliation=OuterRef("affiliation"),
        )
        .exclude(complaint=OuterRef("complaint"))
        .exclude(name_index="")
    )
    survivors = Person.objects.annotate(has_twin=Exists(same_phone)).filter(
        complaint=OuterRef("pk"), is_survivor=True, has_twin=True
    )
    perpetrators = Person.objects.annotate(has_twin=Exists(same_perpetrator)).filter(
        complaint=OuterRef("pk"), is_perpetrator=True, affiliation__isnull=False, has_twin=True
    )
    return queryset.annotate(possible_duplicate=Exists(survivors) | Exists(perpetrators))


def possible_duplicates(complaint: Complaint, *, user: Any) -> QuerySet[Complaint]:
    """Other visible complaints with the same survivor phone, or the same alleged
    perpetrator name within the same organisation (blind indexes only)."""
    persons = list(
        complaint.persons.values_list(
            "is_survivor", "is_perpetrator", "phone_index", "name_index", "affiliation_id"
        )
    )
    match = Q(pk__in=[])
    for is_survivor, is_perpetrator, phone_index, name_index, affiliation_id in persons:
        if is_survivor and phone_index:
            match |= Q(persons__is_survivor=True, persons__phone_index=phone_index)
        if is_perpetrator and name_index and affiliation_id:
            match |= Q(
                persons__is_perpetrator=True,
                persons__name_index=name_index,
                persons__affiliation_id=affiliation_id,
            )
    return complaint_list_for(user).filter(match).exclude(pk=complaint.pk).distinct()


def complaint_detail_queryset() -> QuerySet[Complaint]:
    """Everything the detail page shows, in a fixed number of queries."""
    return Complaint.objects.select_related(
        "data_key",
        "receiving_organisation",
        "received_by",
        "location__parent__parent",
        "implicated_organisation",
        "forwarded_to",
        "trafficking",
    ).prefetch_related(
        Prefetch("persons", queryset=Person.objects.select_related("affiliation", "data_key")),
        Prefetch("consents", queryset=Consent.objects.select_related("survivor")),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.select_related("data_key", "uploaded_by__organisation"),
        ),
        Prefetch("feedback", queryset=Feedback.objects.select_related("data_key")),
        Prefetch("added_information", queryset=AddedInformation.objects.select_related("data_key")),
        "recusals",
    )


def current_consents(complaint: Complaint) -> dict:
    """{(survivor_id, scope): Consent} of consents not withdrawn."""
    return {
        (consent.survivor_id, consent.scope): consent
        for consent in complaint.consents.all()
        if consent.withdrawn_at is None
    }


def survivor_of(complaint: Complaint, pk: uuid.UUID | str) -> Person:
    """A survivor of this complaint, from its prefetched persons, or a ValidationError
    (a forged id from another complaint is refused the same way)."""
    for person in complaint.persons.all():
        if str(person.pk) == str(pk) and person.is_survivor:
            return person
    raise ApplicationError("complaint.not_a_survivor", _("Choose a survivor of this complaint."))


def not_recused(users: QuerySet[User], complaint: Complaint) -> QuerySet[User]:
    """Of `users`, those not recused from the case: whoever is told about a case (a
    reminder, a notice, an escalation) passes through this."""
    return users.exclude(pk__in=Recusal.objects.filter(complaint=complaint).values("user_id"))


def complaint_or_gone(
    user: Any, reference: str, *, need: str = "view"
) -> tuple[Complaint, ComplaintAccess]:
    """The case by its reference and the user's access, for every page and API view of
    it: 404 as `get_object_and_access_or_404` says. A case that is gone answers 410 with
    a message instead of failing: purged at the end of its retention period (to those
    who may list cases; to others it never existed), or its data key shredded."""
    try:
        complaint, access = get_object_and_access_or_404(
            user, complaint_detail_queryset(), complaint_access, need=need, reference=reference
        )
    except Http404:
        purged = PurgedCase.objects.filter(reference=reference).first()
        if purged is None or not may_list_complaints(user):
            raise
        raise ApplicationError(
            "complaint.purged",
            _(
                "This case was deleted on %(date)s, at the end of its retention period. "
                "Only its counts remain, in the statistics."
            )
            % {"date": date_format(timezone.localdate(purged.purged_at))},
            status=410,
        ) from None
    if complaint.data_key.wrapped_key is None:
        raise ApplicationError(
            "complaint.shredded",
            _("This case's content was destroyed and can no longer be read."),
            status=410,
        )
    return complaint, access
