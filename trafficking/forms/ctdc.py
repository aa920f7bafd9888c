"""The CTDC import form: the file, and (for the coordinator) the organisation the records
are for. Input only: `services.ctdc.ctdc_import` reads and checks the file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Organisation
from core.roles import Role


class CtdcImportForm(forms.Form):
    file = forms.FileField(
        label=_("CTDC file (CSV, UTF-8)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("The records are managed by"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user.has_role(Role.COORDINATOR):
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")  # type: ignore[attr-defined]
        else:  # a counter-trafficking officer imports for their own organisation only
            del self.fields["organisation"]
