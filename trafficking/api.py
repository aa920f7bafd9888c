"""The victim registry over REST: `GET/POST /api/v1/victims/`, `GET/PATCH
/api/v1/victims/<reference>/`. The same services as the pages; serializers check every
code against its list (a 400 naming the field), and read back every field, the identity
(name, alias, phone, notes) only to those the record's access allows.

Signed-in sessions only: no integration-key scope opens these operations
(`AMANA_API_KEY_SCOPES` lists none of them), so a key is refused with a 403."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from complaints.api.serializers import StrictInput
from core.codes import COUNTRY_CHOICES
from core.models import Location, Organisation
from core.roles import Role

from . import codes
from .permissions import may_register_victims
from .selectors import registry as selectors
from .services import registry as services

PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@extend_schema_field(OpenApiTypes.STR)
class PartialDateField(serializers.Field):
    """ "2021", "2021-05" or "2021-05-17": a date and its precision (year, month, day)."""

    default_error_messages = {
        "invalid": _("Give a date as YYYY, YYYY-MM or YYYY-MM-DD."),
    }

    def to_internal_value(self, data: Any) -> tuple[datetime.date, str]:
        match = PARTIAL_DATE.match(str(data)) if isinstance(data, str | int) else None
        if match is None:
            self.fail("invalid")
        year, month, day = match.groups()
        try:
            value = datetime.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            self.fail("invalid")
        precision = (
            codes.DatePrecision.DAY
            if day
            else codes.DatePrecision.MONTH
            if month
            else codes.DatePrecision.YEAR
        )
        return value, precision

    def to_representation(self, value: Any) -> Any:
        return value


def _codes(choices: Any, help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=choices), required=False, help_text=help_text
    )


class VictimInput(StrictInput):
    """A record's fields; on PATCH, only those sent change. A date may be given to the
    year or the month ("2021", "2021-05"): its precision follows."""

    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="acronym", queryset=Organisation.objects.filter(is_active=True),
        required=False, allow_null=True,
        help_text="Acronym; coordinators only, on creation (counter-trafficking officers "
        "register for their own organisation).",
    )  # fmt: skip
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    alias = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    gender = serializers.ChoiceField(choices=codes.Gender.choices, required=False)
    age_band = serializers.ChoiceField(choices=codes.AgeBand.choices, required=False)
    majority = serializers.ChoiceField(choices=codes.Majority.choices, required=False)
    majority_at_exploitation = serializers.ChoiceField(
        choices=codes.Majority.choices, required=False
    )
    majority_at_entry = serializers.ChoiceField(choices=codes.Majority.choices, required=False)
    citizenship = _codes(COUNTRY_CHOICES, "ISO 3166-1 alpha-3 codes; ZZZ for unknown.")
    exploitation_countries = _codes(COUNTRY_CHOICES, "ISO 3166-1 alpha-3 codes.")
    transit_countries = _codes(COUNTRY_CHOICES, "ISO 3166-1 alpha-3 codes.")
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(is_active=True), required=False, allow_null=True
    )
    acts = _codes(codes.Act.choices, "Palermo act.")
    means = _codes(codes.Means.choices, "Palermo means: not required for a child.")
    purposes = _codes(codes.Purpose.choices, "Types of exploitation.")
    labour_sectors = _codes(codes.LabourSector.choices, "CTDC typeOfLabour.")
    sexual_exploitation_types = _codes(codes.SexualExploitationType.choices, "CTDC typeOfSex.")
    means_of_control = _codes(codes.MeansOfControl.choices, "CTDC meansOfControl.")
    recruiter_relations = _codes(codes.RecruiterRelation.choices, "CTDC recruiterRelation.")
    exploitation_began = PartialDateField(required=False, allow_null=True)
    exploitation_ended = PartialDateField(required=False, allow_null=True)
    registered_on = PartialDateField(required=False)
    duration = serializers.ChoiceField(choices=codes.Duration.choices, required=False)
    data_source = serializers.ChoiceField(choices=codes.DataSource.choices, required=False)
    consents_to_statistics = serializers.BooleanField(required=False)

    def service_data(self) -> dict[str, Any]:
        """The validated fields as the services take them (dates split from precision)."""
        data = dict(self.validated_data)
        data.pop("organisation", None)
        for field, precision_field in services.DATE_FIELDS.items():
            if field in data:
                given = data.pop(field)
                data[field], data[precision_field] = (
                    (None, codes.DatePrecision.DAY) if given is None else given
                )
        return data


class VictimSummaryOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    organisation = serializers.CharField(
        source="organisation.acronym", read_only=True, allow_null=True
    )
    gender = serializers.CharField()
    age_band = serializers.CharField()
    purposes = serializers.ListField(child=serializers.CharField())
    registered_on = serializers.DateField()


class VictimPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = VictimSummaryOutput(many=True)


class FlagOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class VictimOutput(VictimSummaryOutput):
    """Every field of the record; `name`, `alias`, `phone` and `notes` only to those who
    may see the identity (null otherwise)."""

    identified_by = serializers.CharField(
        source="identified_by.acronym", read_only=True, allow_null=True
    )
    identified_on = serializers.DateField(allow_null=True)
    registered_precision = serializers.CharField()
    data_source = serializers.CharField()
    majority = serializers.CharField()
    majority_at_exploitation = serializers.CharField()
    majority_at_entry = serializers.CharField()
    citizenship = serializers.ListField(child=serializers.CharField())
    exploitation_countries = serializers.ListField(child=serializers.CharField())
    transit_countries = serializers.ListField(child=serializers.CharField())
    location = serializers.IntegerField(source="location_id", read_only=True, allow_null=True)
    acts = serializers.ListField(child=serializers.CharField())
    means = serializers.ListField(child=serializers.CharField())
    labour_sectors = serializers.ListField(child=serializers.CharField())
    sexual_exploitation_types = serializers.ListField(child=serializers.CharField())
    means_of_control = serializers.ListField(child=serializers.CharField())
    recruiter_relations = serializers.ListField(child=serializers.CharField())
    exploitation_began = serializers.DateField(allow_null=True)
    exploitation_began_precision = serializers.CharField()
    exploitation_ended = serializers.DateField(allow_null=True)
    exploitation_ended_precision = serializers.CharField()
    duration = serializers.CharField()
    consents_to_statistics = serializers.BooleanField()
    complaint = serializers.CharField(source="complaint.reference", read_only=True, allow_null=True)
    is_minor = serializers.BooleanField()
    flags = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    alias = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    @extend_schema_field(FlagOutput(many=True))
    def get_flags(self, victim: Any) -> list[dict[str, str]]:
        return [{"code": f.code, "message": str(f.message)} for f in selectors.victim_flags(victim)]

    def _identity(self, victim: Any, field: str) -> str | None:
        return getattr(victim, field) if self.context["access"].identity else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_name(self, victim: Any) -> str | None:
        return self._identity(victim, "name")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_alias(self, victim: Any) -> str | None:
        return self._identity(victim, "alias")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_phone(self, victim: Any) -> str | None:
        return self._identity(victim, "phone")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_notes(self, victim: Any) -> str | None:
        return self._identity(victim, "notes")


class VictimListCreateApi(APIView):
    """The victim records you may see (filters: status, purpose, reference); register a
    victim (counter-trafficking officers, coordinators)."""

    @extend_schema(
        operation_id="victims_list",
        parameters=[
            OpenApiParameter("page", int, description="From 1; past the last, the last."),
            OpenApiParameter("status", str, enum=codes.IdentificationStatus.values),
            OpenApiParameter("purpose", str, enum=codes.Purpose.values),
            OpenApiParameter("reference", str),
        ],
        responses=VictimPageOutput,
    )
    def get(self, request: Request) -> Response:
        if not may_register_victims(request.user):
            raise Http404
        filters = {
            "status": request.query_params.get("status")
            if request.query_params.get("status") in codes.IdentificationStatus.values
            else None,
            "purpose": request.query_params.get("purpose")
            if request.query_params.get("purpose") in codes.Purpose.values
            else None,
            "reference": request.query_params.get("reference", "")[:12],
        }
        page = Paginator(selectors.victims_for(request.user, filters), 50).get_page(
            request.query_params.get("page")
        )
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": VictimSummaryOutput(page.object_list, many=True).data,
            }
        )

    @extend_schema(request=VictimInput, responses={201: VictimOutput})
    def post(self, request: Request) -> Response:
        if not may_register_victims(request.user):
            raise Http404
        serializer = VictimInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        organisation = serializer.validated_data.get("organisation")
        if organisation is not None and services.register_role(request.user) != Role.COORDINATOR:
            raise serializers.ValidationError(
                {"organisation": [_("Only the coordinator chooses the organisation.")]}
            )
        victim = services.victim_create(
            actor=request.user, data=serializer.service_data(), organisation=organisation
        )
        victim, access = selectors.victim_or_404(request.user, victim.reference)
        return Response(
            VictimOutput(victim, context={"access": access}).data, status=status.HTTP_201_CREATED
        )


class VictimDetailApi(APIView):
    """One record, every field; each read is audited. PATCH changes the fields sent."""

    @extend_schema(responses=VictimOutput)
    def get(self, request: Request, reference: str) -> Response:
        victim, access = selectors.victim_or_404(request.user, reference)
        services.victim_record_view(actor=request.user, victim=victim, access=access, via="api")
        return Response(VictimOutput(victim, context={"access": access}).data)

    @extend_schema(request=VictimInput, responses=VictimOutput)
    def patch(self, request: Request, reference: str) -> Response:
        victim, access = selectors.victim_or_404(request.user, reference, need="edit")
        serializer = VictimInput(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "organisation" in serializer.validated_data:
            raise serializers.ValidationError(
                {"organisation": [_("Change the organisation with the assign action.")]}
            )
        services.victim_update(actor=request.user, victim=victim, data=serializer.service_data())
        return Response(VictimOutput(victim, context={"access": access}).data)
