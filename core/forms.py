from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


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
