from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from core.forms import ConfirmedForm
from core.models import Organisation
from pathways.selectors import provider_map

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
    """The provider list comes from the service map (pathways): under each service, the
    organisations serving the complaint's place; a service the map lists no one for yet
    offers every network member (and says so). Read in one query, when rendered."""

    survivor = forms.TypedChoiceField(label=_("Survivor"), coerce=str)
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    provider = forms.TypedChoiceField(label=_("Provider"), coerce=int)
    needs = forms.CharField(
        label=_("Needs to share with the provider (only this is shared)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, survivors=(), complaint=None, consented=None, **kwargs):
        super().__init__(*args, **kwargs)
        survivors = list(survivors)
        if consented is not None:
            # Only the services a survivor consented to (issue 15: refused ones were
            # offered); the service checks each survivor's own consent again.
            self.fields["service"].choices = [
                (value, label) for value, label in Service.choices if value in consented
            ]
        self.fields["survivor"].choices = [
            (str(person.pk), person.name or f"{_('Survivor')} {n}")
            for n, person in enumerate(survivors, start=1)
        ]
        if complaint is None and survivors:  # persons read through their complaint carry it
            complaint = survivors[0].complaint
        self._location_id = complaint.location_id if complaint is not None else None
        self._map = None
        self.fields["provider"].choices = self._provider_choices  # lazy: read when shown
        self.fields["provider"].help_text = lazy(self._fallback_note, str)()

    def provider_map(self):
        if self._map is None:
            self._map = provider_map(self._location_id)
        return self._map

    def _unmapped(self):
        return [(v, label) for v, label in Service.choices if v not in self.provider_map().mapped]

    def _provider_choices(self):
        providers = self.provider_map()
        choices = [("", "---------")]
        for value, label in Service.choices:
            if value in providers.mapped and providers.serving.get(value):
                choices.append((label, [(pk, acronym) for pk, acronym in providers.serving[value]]))
        if self._unmapped():
            choices.append(
                (gettext_now("Services not on the map yet: any organisation"), providers.everyone)
            )
        return choices

    def _fallback_note(self):
        notes = []
        unmapped = self._unmapped()
        if unmapped:
            notes.append(
                gettext_now(
                    "%(services)s: the service map lists no provider of this service yet; "
                    "every organisation is offered."
                )
                % {"services": ", ".join(str(label) for _v, label in unmapped)}
            )
        providers = self.provider_map()
        missing = [
            str(label)
            for value, label in Service.choices
            if value in providers.mapped and not providers.serving.get(value)
        ]
        if missing:
            notes.append(
                gettext_now("No provider on the service map serves this place for: %(services)s.")
                % {"services": ", ".join(missing)}
            )
        return " ".join(notes)

    def clean_provider(self):
        provider = Organisation.objects.filter(
            pk=self.cleaned_data["provider"], is_active=True
        ).first()
        if provider is None:
            raise forms.ValidationError(_("Choose a provider from the list."))
        return provider

    def clean(self):
        cleaned = super().clean()
        service, provider = cleaned.get("service"), cleaned.get("provider")
        if service and provider and not self.provider_map().allows(service, provider.pk):
            self.add_error(
                "provider",
                _("The service map lists no such service of this provider for this place."),
            )
        return cleaned


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
