from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from core.codes import AgeGroup, Sex
from core.models import Location, Organisation
from focalpoints.models import LANGUAGE_CHOICES, FocalPoint

from .models import Audience, KeyMessage, Module, Participant, Session

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModuleForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    materials = forms.CharField(
        label=_("Materials: one per line, a title, then | and the link"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Module
        fields = [
            "title",
            "summary",
            "audiences",
            "languages",
            "duration_minutes",
            "version",
            "trains_focal_points",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def clean_materials(self):
        materials = []
        for number, line in enumerate(self.cleaned_data["materials"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _sep, url = line.rpartition("|")
            try:
                URLValidator(schemes=["https", "http"])(url.strip())
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s needs a title, then | and a web link.") % {"number": number}
                ) from None
            materials.append((title.strip() or url.strip(), url.strip()))
        return materials


class SessionForm(forms.ModelForm):
    key_messages = forms.MultipleChoiceField(
        label=_("Key messages used"),
        choices=KeyMessage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Session
        fields = [
            "module", "starts_on", "ends_on", "online", "place", "location", "organisation",
            "facilitator_organisation", "facilitator", "audience", "language", "key_messages",
        ]  # fmt: skip
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(is_active=True)
        # Each place reads as "province / district / site": its parents in the same query.
        self.fields["location"].queryset = Location.objects.select_related("parent__parent")
        self.fields["language"].initial = settings.LANGUAGE_CODE
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "name",
            "organisation",
            "focal_point",
            "sex",
            "age_group",
            "attended",
            "pre_score",
            "post_score",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["focal_point"].queryset = FocalPoint.objects.filter(
            is_active=True
        ).select_related("organisation")
        for name in ("pre_score", "post_score"):
            self.fields[name].widget.attrs.update({"min": 0, "max": 100})
            self.fields[name].error_messages["max_value"] = _(
                "Scores are percentages from 0 to 100."
            )


class CountsForm(forms.Form):
    """Total reached and the same people counted by sex and age group."""

    total = forms.IntegerField(label=_("People reached in total"), min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for sex, sex_label in Sex.choices:
            for age, age_label in AgeGroup.choices:
                self.fields[f"n_{sex}_{age}"] = forms.IntegerField(
                    label=f"{sex_label}, {age_label}", min_value=0, required=False, initial=0,
                    widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
                )  # fmt: skip

    def grid(self):
        return [
            (sex_label, [self[f"n_{sex}_{age}"] for age, _a in AgeGroup.choices])
            for sex, sex_label in Sex.choices
        ]

    def cells(self):
        return {
            (sex, age): self.cleaned_data.get(f"n_{sex}_{age}") or 0
            for sex, _s in Sex.choices
            for age, _a in AgeGroup.choices
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Session.Status.choices)
