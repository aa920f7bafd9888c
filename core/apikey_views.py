"""The holder's page of integration keys: issue one for a tool (shown once), see and revoke
one's own. Coordinators see and revoke every key on the API keys page (reports)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import apikeys
from .forms_helpers import add_service_errors
from .models import ApiKey
from .permissions import integration_key_access
from .views import AuthenticatedHttpRequest

DAYS = [
    (30, gettext_lazy("30 days")),
    (90, gettext_lazy("90 days")),
    (180, gettext_lazy("180 days")),
    (365, gettext_lazy("1 year")),
]


class IntegrationKeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("What it is for"), max_length=100)
    scope = forms.ChoiceField(
        label=gettext_lazy("Scope"),
        choices=[(s.value, s.label) for s in ApiKey.Scope if s in ApiKey.INTEGRATION_SCOPES],
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"), choices=DAYS, coerce=int, initial=90
    )


@login_required
def integration_keys(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not integration_key_access(request.user).view:
        raise Http404
    form = IntegrationKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_key = apikeys.integration_key_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = IntegrationKeyForm()
    keys = ApiKey.objects.filter(user=request.user).select_related("organisation")
    return render(
        request,
        "core/api_keys.html",
        {"form": form, "keys": keys, "new_key": new_key, "now": timezone.now()},
    )


@login_required
@require_POST
def integration_key_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    key = ApiKey.objects.filter(pk=pk, user__isnull=False).first()
    if key is None or not integration_key_access(request.user, key).change:
        raise Http404
    apikeys.api_key_revoke(actor=request.user, key=key)
    messages.success(request, _("The key is revoked."))
    return redirect("account-keys")
