"""Forms of the victim registry: the record (create and edit), identification,
assignment and the list's filters. They carry input only; the services validate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.codes import COUNTRY_CHOICES
from core.models import Location, Organisation

from .. import codes

DATE = {"type": "date"}
# 249 countries: a plain multi-select that a phone turns into its own picker, tall
# enough on a desktop to scroll with the keyboard; no script needed.
COUNTRIES_WIDGET = {"size": 8, "class": "countries"}

MULTIPLE_CHOICE_LABELS = {
    "acts": _("Act (what was done)"),
    "means": _("Means (how): not required for a child"),
    "purposes": _("Purpose: types of exploitation"),
    "labour_sectors": _("Labour sectors"),
    "sexual_exploitation_types": _("Types of sexual exploitation"),
    "means_of_control": _("Means of control"),
    "recruiter_relations": _("Relation to the recruiter"),
}


def _checkboxes(field: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=MULTIPLE_CHOICE_LABELS[field],
        choices=codes.MULTIPLE_CHOICE[field].choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


def _countries(label: Any) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=COUNTRY_CHOICES,
        required=False,
        widget=forms.SelectMultiple(attrs=COUNTRIES_WIDGET),
        help_text=_("Hold Ctrl (or Cmd) to choose several on a computer."),
    )


def _precision(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=codes.DatePrecision.choices, initial=codes.DatePrecision.DAY
    )


class VictimForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    alias = forms.CharField(label=_("Alias or other names"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=codes.Gender.choices, initial=codes.Gender.UNKNOWN
    )
    age_band = forms.ChoiceField(
        label=_("Age at registration"), choices=codes.AgeBand.choices,
        initial=codes.AgeBand.UNKNOWN,
    )  # fmt: skip
    majority = forms.ChoiceField(
        label=_("Adult or minor at registration"),
        choices=codes.Majority.choices,
        initial=codes.Majority.UNKNOWN,
    )
    majority_at_exploitation = forms.ChoiceField(
        label=_("Adult or minor when exploited"), choices=codes.Majority.choices,
        initial=codes.Majority.UNKNOWN,
    )  # fmt: skip
    majority_at_entry = forms.ChoiceField(
        label=_("Adult or minor when entering the situation"), choices=codes.Majority.choices,
        initial=codes.Majority.UNKNOWN,
    )  # fmt: skip
    citizenship = _countries(_("Countries of citizenship"))
    location = forms.ModelChoiceField(
        label=_("Where the person is now"),
        queryset=Location.objects.filter(is_active=True).select_related("parent__parent"),
        required=False,
        empty_label=_("Not known"),
    )
    acts = _checkboxes("acts")
    means = _checkboxes("means")
    purposes = _checkboxes("purposes")
    labour_sectors = _checkboxes("labour_sectors")
    sexual_exploitation_types = _checkboxes("sexual_exploitation_types")
    means_of_control = _checkboxes("means_of_control")
    recruiter_relations = _checkboxes("recruiter_relations")
    exploitation_countries = _countries(_("Countries of exploitation"))
    transit_countries = _countries(_("Countries of transit"))
    exploitation_began = forms.DateField(
        label=_("Exploitation began"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    exploitation_began_precision = _precision(_("How precise is this date?"))
    exploitation_ended = forms.DateField(
        label=_("Exploitation ended"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    exploitation_ended_precision = _precision(_("How precise is this date?"))
    duration = forms.ChoiceField(
        label=_("Duration of the exploitation"), choices=codes.Duration.choices,
        initial=codes.Duration.UNKNOWN,
    )  # fmt: skip
    registered_on = forms.DateField(
        label=_("Registered on"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    registered_precision = _precision(_("How precise is this date?"))
    data_source = forms.ChoiceField(
        label=_("Data source"), choices=codes.DataSource.choices,
        initial=codes.DataSource.CASE_MANAGEMENT,
    )  # fmt: skip
    consents_to_statistics = forms.BooleanField(
        label=_("The person agrees to be counted in anonymous statistics"),
        required=False,
        initial=True,
    )
    notes = forms.CharField(
        label=_("Case notes"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip

    def __init__(self, *args: Any, organisations: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations:  # the coordinator may name the managing organisation at once
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("Managing organisation"),
                queryset=Organisation.objects.filter(is_active=True).order_by("acronym"),
                required=False,
                empty_label=_("Assign later"),
            )

    def data_for_service(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class IdentifyForm(forms.Form):
    identified_by = forms.ModelChoiceField(
        label=_("Identified by"),
        queryset=Organisation.objects.filter(is_active=True).order_by("acronym"),
    )
    identified_on = forms.DateField(
        label=_("Identified on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


class AssignForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Managing organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("acronym"),
    )


class FilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=12)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any")), *codes.IdentificationStatus.choices],
        required=False,
    )
    purpose = forms.ChoiceField(
        label=_("Type of exploitation"),
        choices=[("", _("Any")), *codes.Purpose.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Managing organisation"),
        queryset=Organisation.objects.filter(is_active=True).order_by("acronym"),
        required=False,
        empty_label=_("Any"),
    )
