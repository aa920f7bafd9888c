"""The coordinator's dashboard, the coordinator's page for API keys, and the API
documentation page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.permissions import AllowAny

from core import apikeys
from core.apikey_views import DAYS
from core.models import ApiKey, Organisation

from . import selectors
from .permissions import may_manage_api_keys, may_view_dashboard


class ApiKeyForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    name = forms.CharField(label=_("What it is for"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Scope"),
        choices=[(s.value, s.label) for s in ApiKey.Scope if s in ApiKey.STATISTICS_SCOPES],
    )
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        choices=DAYS,
        coerce=int,
        initial=apikeys.DEFAULT_DAYS,
        required=False,
        empty_value=apikeys.DEFAULT_DAYS,
    )


def _coordinator(request):
    if not may_manage_api_keys(request.user):
        raise Http404


@login_required
def dashboard(request):
    if not may_view_dashboard(request.user):
        raise Http404
    context = {
        "d": selectors.coordinator_dashboard(request.user),
        **selectors.network_figures(),
        "now": timezone.now(),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def api_keys(request):
    _coordinator(request)
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _key, new_key = apikeys.api_key_create(actor=request.user, **form.cleaned_data)
        form = ApiKeyForm()
    # Statistics keys and every integration key (acting as a user), which coordinators
    # may revoke here (core.permissions.integration_key_access).
    keys = ApiKey.objects.select_related("organisation", "user")
    return render(
        request,
        "reports/api_keys.html",
        {"form": form, "keys": keys, "new_key": new_key, "now": timezone.now()},
    )


@login_required
@require_POST
def api_key_revoke(request, pk):
    _coordinator(request)
    key = ApiKey.objects.filter(pk=pk).first()
    if key is None:
        raise Http404
    apikeys.api_key_revoke(actor=request.user, key=key)
    return redirect("stats-keys")


class ApiDocsView(SpectacularSwaggerView):
    """The browsable API documentation, served from our own static files. Swagger UI
    starts with an inline script, so this page alone allows inline scripts and styles;
    it shows no case data."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response["Content-Security-Policy"] = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self' 'unsafe-inline'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "form-action 'self'",
            ]
        )
        return response
