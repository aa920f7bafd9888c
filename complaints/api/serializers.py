"""Intake over REST (hotline tools, KoboToolbox webhooks): the same validation as the
form, through the same service."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.codes import COUNTRY_CHOICES, AgeGroup, Sex, YesNoUnknown
from core.models import Location, Organisation

from .. import codes
from ..services import IntakeData, PersonData

ROLE_CHOICES = ["complainant", "survivor", "witness", "perpetrator"]


class StrictInput(serializers.Serializer):
    """Refuses fields it does not know, by name: a misspelt field is a mistake to report,
    never something to ignore silently."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, Mapping) else []
        if unknown:
            raise serializers.ValidationError(
                {
                    name: [serializers.ErrorDetail(_("Unknown field."), code="unknown")]
                    for name in unknown
                }
            )
        return super().to_internal_value(data)


class PersonInput(StrictInput):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=ROLE_CHOICES), min_length=1)
    name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    address = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    id_number = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    sex = serializers.ChoiceField(choices=Sex.choices, default=Sex.OTHER_UNKNOWN)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, default=AgeGroup.UNKNOWN)
    disability = serializers.ChoiceField(choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN)
    nationality = serializers.ChoiceField(choices=COUNTRY_CHOICES, default="ZZZ")
    displacement = serializers.ChoiceField(
        choices=codes.Displacement.choices, default=codes.Displacement.UNKNOWN
    )
    affiliation = serializers.SlugRelatedField(
        slug_field="acronym",
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    personnel_category = serializers.ChoiceField(
        choices=codes.PersonnelCategory.choices, default=codes.PersonnelCategory.UNKNOWN
    )
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=codes.ConsentScope.choices),
        required=False,
        default=list,
        help_text="Scopes the survivor consents to; every other scope is recorded as refused.",
    )
    consent_given_by = serializers.ChoiceField(
        choices=[
            (value, label)
            for value, label in codes.ConsentGivenBy.choices
            if value != codes.ConsentGivenBy.BEST_INTERESTS  # recorded after the intake
        ],
        default=codes.ConsentGivenBy.SURVIVOR,
    )
    consent_child_assent = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For a survivor of 12 to 17 whose caregiver consents: does the child assent?",
    )
    caregiver_name = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=200,
        help_text="The consenting caregiver's name: checked against the alleged perpetrators, "
        "never kept.",
    )


class TraffickingInput(StrictInput):
    """What the reporter can say about a trafficking case; every field is optional."""

    exploitation_types = serializers.ListField(
        child=serializers.ChoiceField(choices=codes.ReportedExploitation.choices),
        required=False,
        default=list,
        max_length=len(codes.ReportedExploitation.values),
        help_text="Types of exploitation reported (several may apply).",
    )
    is_child = serializers.ChoiceField(
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        help_text="Is the person a child (under 18)? A yes makes the complaint a child case.",
    )
    in_danger_now = serializers.ChoiceField(
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        help_text="Is the person in danger now? A yes makes the complaint high priority.",
    )
    country = serializers.ChoiceField(
        choices=COUNTRY_CHOICES, default="ZZZ", help_text="Where it happens (ISO alpha-3)."
    )


class TraffickingOutput(serializers.Serializer):
    exploitation_types = serializers.ListField(child=serializers.CharField())
    is_child = serializers.CharField()
    in_danger_now = serializers.CharField()
    country = serializers.CharField()


class ComplaintInput(StrictInput):
    submission_key = serializers.UUIDField(
        required=False, help_text="Send the same key again and no second complaint is created."
    )
    submit = serializers.BooleanField(default=True, help_text="False saves a draft.")
    received_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="If not today (e.g. a complaint box).",
    )
    entry_point = serializers.ChoiceField(choices=codes.EntryPoint.choices)
    location = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    incident_date_precision = serializers.ChoiceField(
        choices=codes.DatePrecision.choices, default=codes.DatePrecision.UNKNOWN
    )
    incident_date = serializers.DateField(required=False, allow_null=True, default=None)
    category = serializers.ChoiceField(
        choices=codes.Category.choices, default=codes.Category.UNKNOWN
    )
    subcategory = serializers.ChoiceField(
        choices=codes.Subcategory.choices, required=False, allow_blank=True, default=""
    )
    is_child_case = serializers.BooleanField(
        default=False, help_text="A child (under 18) is involved, whatever the ages given."
    )
    priority = serializers.ChoiceField(
        choices=codes.Priority.choices, default=codes.Priority.MEDIUM
    )
    narrative = serializers.CharField(allow_blank=True, default="", max_length=20000)
    feedback_channel = serializers.ChoiceField(
        choices=codes.FeedbackChannel.choices, default=codes.FeedbackChannel.NONE
    )
    persons = PersonInput(many=True, required=False, default=list, max_length=60)
    trafficking = TraffickingInput(required=False, allow_null=True, default=None)

    def intake_data(self) -> IntakeData:
        data = dict(self.validated_data)
        persons = []
        for person in data.pop("persons"):
            consents = set(person.pop("consents"))
            given_by = person.pop("consent_given_by")
            child_assent = person.pop("consent_child_assent")
            caregiver_name = person.pop("caregiver_name")
            roles = set(person.pop("roles"))
            persons.append(
                PersonData(
                    roles=roles,
                    values=person,
                    consents={s.value: s.value in consents for s in codes.ConsentScope}
                    if "survivor" in roles
                    else {},
                    consent_given_by=given_by,
                    consent_child_assent=child_assent,
                    caregiver_name=caregiver_name,
                )
            )
        trafficking = data.pop("trafficking")
        for key in ("submission_key", "submit"):
            data.pop(key, None)
        return IntakeData(
            complaint=data, persons=persons, trafficking=dict(trafficking) if trafficking else None
        )


class PersonOutput(serializers.Serializer):
    id = serializers.UUIDField()
    roles = serializers.SerializerMethodField()
    sex = serializers.CharField()
    age_group = serializers.CharField()
    affiliation = serializers.CharField(source="affiliation.acronym", allow_null=True)
    personnel_category = serializers.CharField()

    def get_roles(self, person) -> list[str]:
        return [role for role in ROLE_CHOICES if getattr(person, f"is_{role}")]


class PersonIdentityOutput(PersonOutput):
    name = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()


class ComplaintSummaryOutput(serializers.Serializer):
    reference = serializers.CharField()
    status = serializers.CharField()
    received_at = serializers.DateTimeField()
    receiving_organisation = serializers.CharField(
        source="receiving_organisation.acronym", allow_null=True
    )


class ComplaintOutput(ComplaintSummaryOutput):
    entry_point = serializers.CharField()
    location = serializers.IntegerField(source="location_id", allow_null=True)
    incident_date_precision = serializers.CharField()
    incident_date = serializers.DateField()
    category = serializers.CharField()
    subcategory = serializers.CharField()
    classification = serializers.CharField()
    priority = serializers.CharField()
    is_child_case = serializers.BooleanField()
    need_to_know = serializers.BooleanField()
    narrative = serializers.CharField()
    persons = serializers.SerializerMethodField()
    trafficking = serializers.SerializerMethodField()

    @extend_schema_field(TraffickingOutput(allow_null=True))
    def get_trafficking(self, complaint) -> dict | None:
        details = getattr(complaint, "trafficking", None)  # None when there are none
        return TraffickingOutput(details).data if details is not None else None

    def get_persons(self, complaint) -> list[dict]:
        access = self.context["access"]
        return [
            (PersonIdentityOutput if access.shows_identity(person) else PersonOutput)(person).data
            for person in complaint.persons.all()
        ]


class ComplaintPageOutput(serializers.Serializer):
    """One page of the complaints the caller may see, 50 a page."""

    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ComplaintSummaryOutput(many=True)
