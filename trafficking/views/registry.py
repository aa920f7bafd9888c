"""Pages of the victim registry: the list, a new record, a record's page (read-back of
every field), its edit form, and the identify and assign actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from complaints.selectors import complaint_or_gone
from core.forms_helpers import add_service_errors, run_and_report
from core.roles import Role

from ..forms import registry as forms
from ..models import Victim
from ..permissions import VictimAccess, may_register_victims
from ..selectors import registry as selectors
from ..selectors.plans import plan_section
from ..services import registry as services

PAGE_SIZE = 50


def _detail(victim: Victim) -> HttpResponse:
    return redirect("trafficking:victim", reference=victim.reference)


@login_required
@require_GET
def victim_list(request: HttpRequest) -> HttpResponse:
    if not may_register_victims(request.user):
        raise Http404
    filters = forms.FilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(selectors.victims_for(request.user, chosen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_list_labels(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "trafficking/victim_list.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


def _service_data(form: forms.VictimForm) -> dict[str, Any]:
    return form.data_for_service()


@login_required
@require_http_methods(["GET", "POST"])
def victim_new(request: HttpRequest) -> HttpResponse:
    if not may_register_victims(request.user):
        raise Http404
    coordinator = services.register_role(request.user) == Role.COORDINATOR
    form = forms.VictimForm(request.POST or None, organisations=coordinator)
    if request.method == "POST" and form.is_valid():
        try:
            victim = services.victim_create(
                actor=request.user,
                data=_service_data(form),
                organisation=form.cleaned_data.get("organisation"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _detail(victim)
    return render(
        request, "trafficking/victim_form.html", {"form": form, "victim": None, "show_errors": True}
    )


def _plan_section(request: HttpRequest, victim: Victim, access: VictimAccess) -> dict | None:
    return plan_section(request, victim, access)


@login_required
@require_GET
def victim_detail(request: HttpRequest, reference: str) -> HttpResponse:
    victim, access = selectors.victim_or_404(request.user, reference)
    services.victim_record_view(actor=request.user, victim=victim, access=access)
    context: dict[str, Any] = {
        "victim": victim,
        "access": access,
        "detail": selectors.victim_detail(victim),
        "complaint_link": access.role == Role.COORDINATOR,
        "identify_form": forms.IdentifyForm() if access.edit else None,
        "assign_form": forms.AssignForm(initial={"organisation": victim.organisation})
        if access.assign
        else None,
    }
    plan = _plan_section(request, victim, access)
    if plan is not None:
        context["plan_section"] = True
        context.update({k: v for k, v in plan.items() if k not in context})
    return render(request, "trafficking/victim_detail.html", context)


def _initial(victim: Victim) -> dict[str, Any]:
    return {name: getattr(victim, name) for name in forms.VictimForm.base_fields}


@login_required
@require_http_methods(["GET", "POST"])
def victim_edit(request: HttpRequest, reference: str) -> HttpResponse:
    victim, _access = selectors.victim_or_404(request.user, reference, need="edit")
    form = forms.VictimForm(request.POST or None, initial=_initial(victim))
    if request.method == "POST" and form.is_valid():
        try:
            services.victim_update(actor=request.user, victim=victim, data=_service_data(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _detail(victim)
    return render(
        request,
        "trafficking/victim_form.html",
        {"form": form, "victim": victim, "show_errors": True},
    )


@login_required
@require_POST
def victim_identify(request: HttpRequest, reference: str) -> HttpResponse:
    victim, _access = selectors.victim_or_404(request.user, reference, need="edit")
    run_and_report(
        request,
        forms.IdentifyForm(request.POST),
        lambda data: services.victim_identify(
            actor=request.user,
            victim=victim,
            by_organisation=data["identified_by"],
            on=data["identified_on"],
        ),
    )
    return _detail(victim)


@login_required
@require_POST
def victim_assign(request: HttpRequest, reference: str) -> HttpResponse:
    victim, _access = selectors.victim_or_404(request.user, reference, need="assign")
    run_and_report(
        request,
        forms.AssignForm(request.POST),
        lambda data: services.victim_assign(
            actor=request.user, victim=victim, organisation=data["organisation"]
        ),
    )
    return _detail(victim)


@login_required
@require_POST
def victim_from_complaint(request: HttpRequest, reference: str) -> HttpResponse:
    """The case page's "Register a victim from this complaint" (the coordinator)."""
    complaint, access = complaint_or_gone(request.user, reference)
    if not (access.screen and may_register_victims(request.user)):
        raise Http404
    try:
        victim = services.victim_from_complaint(actor=request.user, complaint=complaint)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("complaints:detail", reference=complaint.reference)
    return _detail(victim)
