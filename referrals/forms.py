from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmedForm
from core.models import Organisation

from .models import (
    Action,
    AssistanceStatus,
    InvestigationStatus,
    ReferralBasis,
    Service,
    WithdrawalReason,
)
from .services import PROVIDER_ANSWERS


class InvestigationReferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Refer to the investigating entity of"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        empty_label=_("The implicated organisation"),
    )
    basis = forms.ChoiceField(
        label=_("Referred on"), choices=ReferralBasis.choices, initial=ReferralBasis.CONSENT
    )


class AssistanceReferForm(forms.Form):
    survivor = forms.TypedChoiceField(label=_("Survivor"), coerce=str)
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    provider = forms.ModelChoiceField(
        label=_("Provider"), queryset=Organisation.objects.filter(is_active=True)
    )
    needs = forms.CharField(
        label=_("Needs to share with the provider (only this is shared)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, survivors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (str(person.pk), person.name or f"{_('Survivor')} {n}")
            for n, person in enumerate(survivors, start=1)
        ]


REPORTABLE = [
    (value, label)
    for value, label in InvestigationStatus.choices
    if value
    not in (
        InvestigationStatus.REFERRED,
        InvestigationStatus.ACKNOWLEDGED,
        InvestigationStatus.WITHDRAWN,
    )
]


class InvestigationReportForm(forms.Form):
    status = forms.ChoiceField(label=_("Status or outcome"), choices=REPORTABLE)
    actions_taken = forms.MultipleChoiceField(
        label=_("Actions taken (with an outcome)"),
        choices=Action.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class AcknowledgeForm(forms.Form):
    """Acknowledging receipt takes no input."""


class WithdrawForm(ConfirmedForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=WithdrawalReason.choices)


class RerouteForm(ConfirmedForm):
    organisation = forms.ModelChoiceField(
        label=_("Re-route to"), queryset=Organisation.objects.filter(is_active=True)
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=WithdrawalReason.choices)


class AssistanceRespondForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Answer"),
        choices=[(v, label) for v, label in AssistanceStatus.choices if v in PROVIDER_ANSWERS],
    )
