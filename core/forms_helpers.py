"""How a service's ValidationError reaches the user: one place, used by every app."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .errors import ApplicationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's errors on the form that was filled in: by field where the field
    is on the form, otherwise at the top. Nothing typed is lost: the form is re-rendered."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def run_and_report(
    request: HttpRequest, form: forms.BaseForm, action: Callable[[dict[str, Any]], object]
) -> bool:
    """For small POST-and-redirect forms: run `action(cleaned_data)` and turn the outcome
    into one message per problem (field label first) on the next page."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as error:
            # An ApplicationError's code travels with its message (rendered as data-code,
            # as on the error page and in the API's JSON).
            code = error.code if isinstance(error, ApplicationError) else ""
            for message in error.messages:
                messages.error(request, message, extra_tags=code)
            return False
        messages.success(request, _("Saved."))
        return True
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        # ErrorList yields each error as text; the stubs say ValidationError | str.
        for message in errors:  # type: ignore[assignment]
            messages.error(request, f"{label}: {message}" if label else message)
    return False
