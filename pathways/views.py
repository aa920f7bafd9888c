"""Staff pages of the service map and the information windows."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms_helpers import add_service_errors
from core.permissions import get_object_and_access_or_404

from . import forms, selectors, services
from .models import InfoWindow, InfoWindowText, ServicePoint
from .permissions import (
    editable_service_points,
    may_edit_info_windows,
    may_edit_service_point,
    may_keep_map,
    may_read_map,
    service_point_access,
    service_point_organisations,
)

# --- The service map ---------------------------------------------------------------


def _filtered(request):
    form = forms.ServiceFilterForm(request.GET or None)
    service, location = "", None
    if form.is_valid():
        service = form.cleaned_data["service"]
        location = form.cleaned_data["location"]
    return form, service, location


@login_required
def service_list(request):
    """The internal map, every point, filtered by service and place."""
    if not may_read_map(request.user):
        raise Http404
    form, service, location = _filtered(request)
    points = list(selectors.service_point_list(service=service, location=location))
    for point in points:
        point.editable = may_edit_service_point(request.user, point)
    return render(
        request,
        "pathways/service_list.html",
        {
            "form": form,
            "points": points,
            "location": location,
            "may_add": may_keep_map(request.user),
        },
    )


@login_required
def service_print(request):
    """The active points serving one place, to print and pin up."""
    if not may_read_map(request.user):
        raise Http404
    form, service, location = _filtered(request)
    points = selectors.service_point_list(service=service, location=location, active_only=True)
    return render(
        request,
        "pathways/service_print.html",
        {"form": form, "points": points, "location": location},
    )


def _editable_point_or_404(request, pk):
    """Another organisation's point answers 404 here, like one that does not exist."""
    point, _access = get_object_and_access_or_404(
        request.user,
        editable_service_points(request.user, ServicePoint.objects.select_related("organisation")),
        service_point_access,
        need="change",
        pk=pk,
    )
    return point


@login_required
def service_point_edit(request, pk=None):
    if not may_keep_map(request.user):
        raise Http404
    point = _editable_point_or_404(request, pk) if pk else None
    form = forms.ServicePointForm(
        request.POST or None,
        instance=point,
        organisations=service_point_organisations(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.service_point_save(
                actor=request.user,
                point=form.save(commit=False),
                locations=form.cleaned_data["locations"],
                changed=form.changed_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("pathways:services")
    return render(request, "pathways/service_form.html", {"form": form, "point": point})


@login_required
@require_POST
def service_point_deactivate(request, pk):
    point = _editable_point_or_404(request, pk)
    services.service_point_deactivate(actor=request.user, point=point)
    messages.success(request, _("The service point is off the map. The entry stays."))
    return redirect("pathways:services")


# --- Information windows ---------------------------------------------------------------


def _coordinator_only(request):
    if not may_edit_info_windows(request.user):
        raise Http404


@login_required
def info_windows(request):
    _coordinator_only(request)
    return render(
        request,
        "pathways/windows.html",
        {"windows": selectors.info_windows_for_staff(), "languages": settings.LANGUAGES},
    )


def _window_or_404(slug):
    window = InfoWindow.objects.filter(slug=slug).first()
    if window is None:
        raise Http404
    return window


@login_required
def info_window_edit(request, slug=None):
    _coordinator_only(request)
    window = _window_or_404(slug) if slug else None
    form = forms.InfoWindowForm(request.POST or None, instance=window)
    if request.method == "POST" and form.is_valid():
        try:
            window = services.info_window_save(
                actor=request.user, window=form.save(commit=False), changed=form.changed_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("pathways:windows")
    return render(request, "pathways/window_form.html", {"form": form, "window": window})


@login_required
def info_text_edit(request, slug, language):
    _coordinator_only(request)
    names = dict(settings.LANGUAGES)
    if language not in names:
        raise Http404
    window = _window_or_404(slug)
    text = InfoWindowText.objects.filter(window=window, language=language).first()
    english = None
    if language != settings.LANGUAGE_CODE:
        english = InfoWindowText.objects.filter(
            window=window, language=settings.LANGUAGE_CODE
        ).first()
    initial = {"title": text.title, "body": text.body} if text else {}
    form = forms.InfoWindowTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.info_text_save(
                actor=request.user, window=window, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("pathways:windows")
    return render(
        request,
        "pathways/text_form.html",
        {
            "form": form,
            "window": window,
            "language": language,
            "language_name": names[language],
            "rtl": language in settings.LANGUAGES_BIDI,
            "english": english,
        },
    )
