"""Forms of the assistance plan and the NRM referral. Each posts to one action; the
services validate the rules (consent per service, who may consent, the service map)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from complaints.codes import ConsentGivenBy
from core.forms import ConfirmedForm
from core.models import Organisation
from pathways.codes import ServiceType

from .. import codes

DATE = forms.DateInput(attrs={"type": "date"})


def consent_choices(victim: Any) -> list[tuple[str, Any]]:
    """Who may consent for this person (DOMAIN.md section 9): an adult for themself; a
    child through a caregiver or a documented best-interests determination."""
    if victim is not None and victim.is_minor:
        return [
            (ConsentGivenBy.CAREGIVER.value, ConsentGivenBy.CAREGIVER.label),
            (ConsentGivenBy.BEST_INTERESTS.value, ConsentGivenBy.BEST_INTERESTS.label),
        ]
    return [(ConsentGivenBy.SURVIVOR.value, _("The person themself"))]


class PlanOpenForm(forms.Form):
    needs_assessment = forms.CharField(
        label=_("Needs assessment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE, required=False)


class PlanServiceAddForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), choices=ServiceType.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"),
        queryset=Organisation.objects.filter(is_active=True).order_by("acronym"),
        required=False,
        empty_label=_("Not chosen yet"),
        help_text=_("It must offer this service where the person is now (the service map)."),
    )
    needs = forms.CharField(
        label=_("Needs to share with the provider (only this is shared)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    planned_for = forms.DateField(label=_("Planned for"), widget=DATE, required=False)

    def __init__(
        self, *args: Any, victim: Any = None, providers: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.victim = victim
        if providers is not None:  # the map's offer where the person is (a page)
            self.fields["provider"].queryset = providers  # type: ignore[attr-defined]


class _Choosing(forms.Form):
    def _choice(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])


class ConsentForm(_Choosing):
    given_by = forms.ChoiceField(label=_("Consent given by"))

    def __init__(self, *args: Any, victim: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Bound, every value is accepted; the service refuses the wrong person with a reason.
        choices = consent_choices(victim)
        self._choice("given_by").choices = choices
        if len(choices) == 1:
            self.fields["given_by"].initial = choices[0][0]
        self.choices_shown = choices

    def full_clean(self) -> None:
        if self.is_bound:
            self._choice("given_by").choices = ConsentGivenBy.choices
        super().full_clean()


class ServiceUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in codes.PlanServiceStatus.choices
            if value != codes.PlanServiceStatus.REFERRED
        ],
    )
    provided_on = forms.DateField(label=_("Provided on"), widget=DATE, required=False)


class ProviderUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (value, label)
            for value, label in codes.PlanServiceStatus.choices
            if value
            in (
                codes.PlanServiceStatus.IN_PROGRESS,
                codes.PlanServiceStatus.PROVIDED,
                codes.PlanServiceStatus.UNAVAILABLE,
            )
        ],
    )
    provided_on = forms.DateField(label=_("Provided on"), widget=DATE, required=False)


class ConfirmForm(ConfirmedForm):
    """An irreversible step without other input: the tick box alone."""


class FollowUpScheduleForm(forms.Form):
    due_on = forms.DateField(label=_("Follow-up visit due on"), widget=DATE)


class FollowUpRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=DATE)
    notes = forms.CharField(
        label=_("What was found"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )


class PlanCloseForm(ConfirmedForm):
    reason = forms.ChoiceField(label=_("Why the plan closes"), choices=codes.PlanClosure.choices)


class NrmReferForm(ConfirmedForm, _Choosing):
    authority = forms.ModelChoiceField(
        label=_("National referral mechanism or authority"),
        queryset=Organisation.objects.filter(
            is_active=True, type=Organisation.Type.GOVERNMENT
        ).order_by("acronym"),
    )
    consented = forms.BooleanField(
        label=_("The person consents to this referral"),
        error_messages={"required": _("Refer only with the person's consent.")},
    )
    consent_given_by = forms.ChoiceField(label=_("Consent given by"))
    shares_identity = forms.BooleanField(
        label=_("The person agrees that their name and contact are shared with the authority"),
        required=False,
    )
    note = forms.CharField(
        label=_("Note to the authority"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, victim: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choice("consent_given_by").choices = consent_choices(victim)

    def full_clean(self) -> None:
        # The service checks who may consent and says why; the form accepts every code.
        if self.is_bound:
            self._choice("consent_given_by").choices = ConsentGivenBy.choices
        super().full_clean()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned.pop("consented", None)
        return cleaned


class NrmAcknowledgeForm(forms.Form):
    reference = forms.CharField(
        label=_("The authority's reference"), max_length=100, required=False
    )
