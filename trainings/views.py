import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.codes import AgeGroup
from core.forms_helpers import add_service_errors
from core.permissions import get_object_and_access_or_404
from core.selectors import organisations_acted_for

from . import forms, selectors, services
from .models import Module, Session
from .permissions import (
    may_manage_modules,
    may_plan_sessions,
    may_view_trainings,
    session_access,
)


@login_required
def session_list(request):
    if not may_view_trainings(request.user):
        raise Http404
    page = Paginator(selectors.sessions(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "trainings/sessions.html",
        {"page": page, "may_plan": may_plan_sessions(request.user)},
    )


@login_required
def session_new(request):
    if not may_plan_sessions(request.user):
        raise Http404
    form = forms.SessionForm(
        request.POST or None, organisations=organisations_acted_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_save(actor=request.user, session=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("trainings:session", pk=session.pk)
    return render(request, "trainings/session_form.html", {"form": form})


def _session(request, pk, *, need="view"):
    queryset = Session.objects.select_related(
        "module", "organisation", "facilitator_organisation", "location"
    )
    return get_object_and_access_or_404(request.user, queryset, session_access, need=need, pk=pk)


@login_required
def session_detail(request, pk):
    session, access = _session(request, pk)
    change = access.change
    participant_form = (
        forms.ParticipantForm(prefix="p") if change and not session.anonymous else None
    )
    counts_form = forms.CountsForm(prefix="c", initial=_count_initial(session)) if change else None
    if request.method == "POST":
        if not change:
            raise PermissionDenied
        if "p-name" in request.POST:
            participant_form = forms.ParticipantForm(request.POST, prefix="p")
            if participant_form.is_valid():
                try:
                    services.participant_add(
                        actor=request.user,
                        session=session,
                        participant=participant_form.save(commit=False),
                    )
                except ValidationError as error:
                    add_service_errors(participant_form, error)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("trainings:session", pk=session.pk)
        else:
            counts_form = forms.CountsForm(request.POST, prefix="c")
            if counts_form.is_valid():
                try:
                    services.counts_record(
                        actor=request.user,
                        session=session,
                        total=counts_form.cleaned_data["total"],
                        cells=counts_form.cells(),
                    )
                except ValidationError as error:
                    add_service_errors(counts_form, error)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("trainings:session", pk=session.pk)
    participants = list(session.participants.select_related("organisation", "focal_point"))
    context = {
        "session": session, "change": change, "participants": participants,
        "participant_form": participant_form, "counts_form": counts_form,
        "status_form": forms.StatusForm(initial={"status": session.status}),
        "counted": sum(c.count for c in session.counts.all()),
    }  # fmt: skip
    return render(request, "trainings/session.html", context)


def _count_initial(session):
    initial = {f"n_{c.sex}_{c.age_group}": c.count for c in session.counts.all()}
    initial["total"] = sum(initial.values())
    return initial


@login_required
@require_POST
def session_status(request, pk):
    session, _access = _session(request, pk, need="change")
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        services.session_set_status(
            actor=request.user, session=session, status=form.cleaned_data["status"]
        )
    return redirect("trainings:session", pk=session.pk)


@login_required
def certificate(request, pk, participant_pk):
    session, _access = _session(request, pk)
    participant = next((p for p in session.participants.all() if p.pk == participant_pk), None)
    if participant is None or not participant.attended or session.status != Session.Status.HELD:
        raise Http404
    return render(
        request, "trainings/certificate.html", {"session": session, "participant": participant}
    )


@login_required
def modules(request):
    if not may_view_trainings(request.user):
        raise Http404
    form = forms.ModuleForm(request.POST or None) if may_manage_modules(request.user) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            services.module_save(
                actor=request.user,
                module=form.save(commit=False),
                materials=form.cleaned_data["materials"],
            )
            messages.success(request, _("Saved."))
            return redirect("trainings:modules")
    return render(
        request,
        "trainings/modules.html",
        {"modules": Module.objects.prefetch_related("materials"), "form": form},
    )


@login_required
def reports(request):
    if not may_view_trainings(request.user):
        raise Http404
    data = selectors.report()
    if request.GET.get("format") == "csv":
        return _report_csv(data)
    return render(request, "trainings/reports.html", {"r": data})


def _report_csv(data) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="psea-trainings.csv"'
    writer = csv.writer(response)
    writer.writerow(["breakdown", "key", "sessions", "people_reached"])
    for row in data["by_month"]:
        writer.writerow(["month", row["month"], row["sessions"], row["reached"]])
    for key, n in data["by_audience"]:
        writer.writerow(["audience", key, "", n])
    for key, n in data["by_organisation"]:
        writer.writerow(["organisation", key, "", n])
    for key, n in data["by_location"]:
        writer.writerow(["location", key, "", n])
    for row in data["sex_age"]:
        for age, n in zip(AgeGroup.values, row["cells"], strict=True):
            writer.writerow(["sex_age", f"{row['sex']} {age}", "", n])
    writer.writerow(
        [
            "knowledge_gain_points",
            "",
            data["tested"],
            data["knowledge_gain"] if data["knowledge_gain"] is not None else "",
        ]
    )
    writer.writerow(["untrained_focal_points", "", "", len(data["untrained"])])
    return response
