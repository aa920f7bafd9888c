from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmedForm
from core.models import Location, Organisation, User

from .models import LANGUAGE_CHOICES, CoreStandard, FocalPoint, Meeting, Result, SafeHiringCheck

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FocalPointForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    locations = forms.ModelMultipleChoiceField(
        label=_("Locations covered"),
        queryset=Location.objects.filter(is_active=True).select_related("parent__parent"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FocalPoint
        fields = [
            "organisation",
            "user",
            "kind",
            "name",
            "title",
            "email",
            "phone",
            "publish_email",
            "publish_phone",
            "languages",
            "locations",
            "appointed_on",
            "ends_on",
            "psea_in_tor",
            "psea_in_appraisal",
        ]
        widgets = {"appointed_on": DATE, "ends_on": DATE}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
            self.fields["user"].queryset = User.objects.filter(
                is_active=True, organisation__in=organisations
            ).order_by("username")


class EndTermForm(ConfirmedForm):
    ends_on = forms.DateField(label=_("Term ended on"), widget=DATE)


class MeetingForm(forms.ModelForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("Organisations present"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "title", "agenda", "decisions", "attendees"]
        widgets = {
            "held_on": DATE,
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }


class ActionPointForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=Organisation.objects.filter(is_active=True)
    )
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class AssessmentForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.filter(is_active=True)
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE)
    code_of_conduct_prohibits_sea = forms.BooleanField(
        label=_("The code of conduct prohibits SEA"), required=False
    )
    agreement_has_psea_clause = forms.BooleanField(
        label=_("The partnership agreement has a PSEA clause"), required=False
    )
    plan = forms.CharField(
        label=_("Improvement plan: one action per line, ending with its due date (YYYY-MM-DD)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in CoreStandard.choices:
            self.fields[f"std_{value}"] = forms.ChoiceField(
                label=label, choices=Result.choices, widget=forms.RadioSelect
            )
            self.fields[f"evidence_{value}"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=500
            )

    def standard_fields(self):
        return [
            (self[f"std_{value}"], self[f"evidence_{value}"])
            for value, _label in CoreStandard.choices
        ]

    def clean_plan(self):
        actions = []
        for number, line in enumerate(self.cleaned_data["plan"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            description, _sep, due = line.rpartition(" ")
            try:
                actions.append((description.strip(), date.fromisoformat(due)))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s does not end with a date like 2027-03-31.")
                    % {"number": number}
                ) from None
        return actions

    def results(self):
        return {
            value: (self.cleaned_data[f"std_{value}"], self.cleaned_data[f"evidence_{value}"])
            for value, _label in CoreStandard.choices
        }


class SafeHiringForm(forms.ModelForm):
    class Meta:
        model = SafeHiringCheck
        fields = ["organisation", "position", "hr_reference", "checked_on", "scheme", "outcome"]
        widgets = {"checked_on": DATE}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
