import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms_helpers import add_service_errors
from core.permissions import get_object_and_access_or_404, get_object_for_or_404
from core.selectors import organisations_acted_for

from . import forms, selectors, services
from .models import Assessment, FocalPoint, SafeHiringCheck
from .permissions import (
    assessment_access,
    focal_point_access,
    may_edit_registry,
    may_keep_registry_entries,
    may_manage_network,
    may_record_safe_hiring,
    may_view_registry,
    network_access,
)

# --- Registry ---------------------------------------------------------------------


@login_required
def registry(request):
    if not may_view_registry(request.user):
        raise Http404
    organisations = selectors.registry()
    for org in organisations:
        org.editable = may_edit_registry(request.user, org)
    return render(request, "focalpoints/registry.html", {"organisations": organisations})


@login_required
def registry_csv(request):
    if not may_view_registry(request.user):
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="psea-focal-points.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "organisation",
            "role",
            "name",
            "title",
            "email",
            "phone",
            "languages",
            "locations",
            "appointed_on",
            "ends_on",
            "psea_in_tor",
            "psea_in_appraisal",
            "serving",
        ]
    )
    today = timezone.localdate()
    for org in selectors.registry(today=today):
        for fp in org.current + org.history:
            writer.writerow(
                [
                    org.acronym,
                    fp.kind,
                    fp.name,
                    fp.title,
                    fp.email,
                    fp.phone,
                    " ".join(fp.languages),
                    "; ".join(str(location) for location in fp.locations.all()),
                    fp.appointed_on,
                    fp.ends_on or "",
                    fp.psea_in_tor,
                    fp.psea_in_appraisal,
                    fp.serving_on(today),
                ]
            )
    return response


def _focal_point_or_404(request, pk):
    focal_point, _access = get_object_and_access_or_404(
        request.user,
        FocalPoint.objects.select_related("organisation"),
        focal_point_access,
        need="change",
        pk=pk,
    )
    return focal_point


@login_required
def focal_point_edit(request, pk=None):
    if not may_keep_registry_entries(request.user):
        raise Http404
    organisations = organisations_acted_for(request.user)
    focal_point = _focal_point_or_404(request, pk) if pk else None
    form = forms.FocalPointForm(
        request.POST or None, instance=focal_point, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.focal_point_save(
                actor=request.user,
                focal_point=form.save(commit=False),
                locations=form.cleaned_data["locations"],
                changed=form.changed_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("focalpoints:registry")
    return render(
        request, "focalpoints/focal_point_form.html", {"form": form, "focal_point": focal_point}
    )


@login_required
@require_POST
def focal_point_end(request, pk):
    focal_point = _focal_point_or_404(request, pk)
    form = forms.EndTermForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.focal_point_end(
            actor=request.user, focal_point=focal_point, ends_on=form.cleaned_data["ends_on"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Term ended. The entry stays in the history."))
    return redirect("focalpoints:registry")


def directory(request):
    """Public: active focal points and only the contacts they chose to publish."""
    return render(request, "focalpoints/directory.html", {"organisations": selectors.directory()})


# --- Meetings ---------------------------------------------------------------------


@login_required
def meetings(request):
    if not may_view_registry(request.user):
        raise Http404
    form = forms.MeetingForm(request.POST or None) if may_manage_network(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            meeting = services.meeting_save(
                actor=request.user,
                meeting=form.save(commit=False),
                attendees=form.cleaned_data["attendees"],
            )
            return redirect("focalpoints:meeting", pk=meeting.pk)
    return render(
        request, "focalpoints/meetings.html", {"meetings": selectors.meetings(), "form": form}
    )


@login_required
def meeting(request, pk):
    if not may_view_registry(request.user):
        raise Http404
    meeting = get_object_for_or_404(
        request.user, selectors.meeting_detail(), lambda user, _obj: network_access(user), pk=pk
    )
    form = forms.ActionPointForm(request.POST or None) if may_manage_network(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if "done" in request.POST:
            action = next(
                (a for a in meeting.action_points.all() if str(a.pk) == request.POST["done"]), None
            )
            if action is None:
                raise Http404
            services.action_point_done(
                actor=request.user, action=action, done_on=timezone.localdate()
            )
            return redirect("focalpoints:meeting", pk=meeting.pk)
        if form.is_valid():
            try:
                services.action_point_add(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("focalpoints:meeting", pk=meeting.pk)
    return render(
        request,
        "focalpoints/meeting.html",
        {"meeting": meeting, "form": form, "today": timezone.localdate()},
    )


# --- Partner assessments -------------------------------------------------------------


@login_required
def assessments(request):
    if not may_manage_network(request.user):
        raise Http404
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                actor=request.user,
                organisation=form.cleaned_data["organisation"],
                assessed_on=form.cleaned_data["assessed_on"],
                results=form.results(),
                code_of_conduct_prohibits_sea=form.cleaned_data["code_of_conduct_prohibits_sea"],
                agreement_has_psea_clause=form.cleaned_data["agreement_has_psea_clause"],
                plan=form.cleaned_data["plan"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("focalpoints:assessment", pk=assessment.pk)
    return render(
        request,
        "focalpoints/assessments.html",
        {"assessments": selectors.assessments(), "form": form},
    )


@login_required
def assessment(request, pk):
    assessment = get_object_for_or_404(
        request.user,
        Assessment.objects.select_related("organisation").prefetch_related("results", "plan"),
        assessment_access,
        pk=pk,
    )
    return render(request, "focalpoints/assessment.html", {"assessment": assessment})


# --- Safe hiring -----------------------------------------------------------------------


@login_required
def safe_hiring(request):
    user = request.user
    if not may_keep_registry_entries(user):
        raise Http404
    organisations = organisations_acted_for(user)
    form = forms.SafeHiringForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        if not may_record_safe_hiring(user, form.cleaned_data["organisation"]):
            raise PermissionDenied
        services.safe_hiring_record(actor=user, check=form.save(commit=False))
        messages.success(request, _("Saved."))
        return redirect("focalpoints:safe-hiring")
    checks = SafeHiringCheck.objects.select_related("organisation").filter(
        organisation__in=organisations
    )
    return render(request, "focalpoints/safe_hiring.html", {"checks": checks[:200], "form": form})
