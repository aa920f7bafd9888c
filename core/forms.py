from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import Organisation, User


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        # The same words whether the account exists or not.
        "invalid_login": _("That username and password do not match. Check both and try again."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false"}
        )


class ConfirmedForm(forms.Form):
    """An irreversible step asks for a tick box, checked by the server, so the
    confirmation holds without JavaScript. `confirm` is not passed on as data."""

    confirm = forms.BooleanField(
        label=_("I confirm: this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([name for name in self.fields if name != "confirm"])  # last

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned.pop("confirm", None)
        return cleaned


class AuditFilterForm(forms.Form):
    """Filters of the audit trail. Accounts and organisations are chosen by id, so no
    name goes into the page's address."""

    reference = forms.CharField(label=_("Case reference"), max_length=20, required=False)
    actor = forms.ModelChoiceField(
        label=_("Account"),
        queryset=User.objects.order_by("username"),
        required=False,
        empty_label=_("Any"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("acronym"),
        required=False,
        empty_label=_("Any"),
    )
    action = forms.CharField(
        label=_("Action"),
        max_length=64,
        required=False,
        help_text=_("A code or its beginning, e.g. complaint.view or referral."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first day comes after the last."))
        return cleaned

    def recorded(self) -> dict[str, Any]:
        """The filters as the trail records them: ids, codes and dates."""
        data = self.cleaned_data
        return {
            "reference": data.get("reference", ""),
            "actor": data["actor"].pk if data.get("actor") else None,
            "organisation": data["organisation"].pk if data.get("organisation") else None,
            "action": data.get("action", ""),
            "from": data["date_from"].isoformat() if data.get("date_from") else None,
            "to": data["date_to"].isoformat() if data.get("date_to") else None,
        }
