"""Forms of the account pages: the second factor, and coordinators' decisions on account
requests (separation of duties)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import ConfirmedForm


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(
        self, *args: Any, recovery: bool = True, handover: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if handover:
            # After a coordinator approved access: the code they handed over, in person.
            self.fields["handover_code"] = forms.CharField(
                label=_("Set-up code from your coordinator"),
                max_length=32,
                help_text=_(
                    "The coordinator who approved your access gave you this code, in person "
                    "or by phone. It works once."
                ),
                widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
            )
            self.order_fields(["handover_code", "code"])
        self.fields["code"].help_text = (
            _("The 6 digits your authenticator app shows now, or one of your recovery codes.")
            if recovery
            else _("The 6 digits your authenticator app shows now.")
        )


class DecisionForm(ConfirmedForm):
    """A coordinator approves or refuses an account request; the tick box confirms."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I confirm: I know who this account is for.")


class ResetForm(ConfirmedForm):
    """An administrator resets an account's second factor (a lost phone)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _(
            "I confirm: the person has lost their authenticator and recovery codes."
        )


class RenewCodesForm(ConfirmedForm):
    """New recovery codes for one's own account: the old ones stop working."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = _("I confirm: my old recovery codes stop working.")
