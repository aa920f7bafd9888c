"""Pages and actions of the assistance plan, the NRM referral and the provider's inbox.

Plan and NRM actions are POSTs under the victim's page; each fetches the record through
the one access rule (404 for anyone who may not see it, 403 for "may read, may not do").
Irreversible steps (withdrawing a consent, closing the plan, referring to the NRM,
withdrawing that referral) answer a GET with a confirmation page whose tick box the
server checks, so they work without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms_helpers import add_service_errors, run_and_report
from core.models import User
from core.permissions import Access, get_object_and_access_or_404
from core.roles import Role

from ..forms import plans as forms
from ..models import AssistancePlan, FollowUp, NrmReferral, PlanService, Victim
from ..permissions import nrm_acknowledge_access, plan_service_provider_access, victim_access
from ..selectors import plans as selectors
from ..selectors.registry import victim_or_404
from ..services import plans as services

# --- helpers ---------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind `login_required`)."""
    return cast(User, request.user)


def _back(victim: Victim) -> HttpResponse:
    return redirect(selectors.victim_page(victim) + "#plan")


def _plan_of(victim: Victim) -> AssistancePlan:
    plan = AssistancePlan.objects.filter(victim=victim).select_related("victim").first()
    if plan is None:
        raise Http404
    return plan


def _service_of(victim: Victim, pk: Any) -> PlanService:
    service = (
        PlanService.objects.filter(plan__victim=victim, pk=pk)
        .select_related("plan__victim", "provider")
        .first()
    )
    if service is None:
        raise Http404
    service.label = selectors.service_label(service.service)  # type: ignore[attr-defined]
    return service


def _action(
    need: str,
    form_class: type,
    run: Callable[[HttpRequest, Victim, dict[str, Any]], object],
    form_kwargs: Callable[[Victim], dict] = lambda victim: {},
) -> Callable[..., HttpResponse]:
    """A small POST-and-redirect action on a record the user may `need`."""

    @login_required
    @require_POST
    def view(request: HttpRequest, reference: str, **ids: Any) -> HttpResponse:
        victim, _access = victim_or_404(request.user, reference, need=need)
        run_and_report(
            request,
            form_class(request.POST, **form_kwargs(victim)),
            lambda data: run(request, victim, {**data, **ids}),
        )
        return _back(victim)

    return view


def _confirmed(
    need: str,
    form_class: type,
    template: str,
    run: Callable[[HttpRequest, Victim, dict[str, Any]], object],
    subject: Callable[[Victim, dict[str, Any]], Any] = lambda victim, ids: None,
    form_kwargs: Callable[[Victim], dict] = lambda victim: {},
) -> Callable[..., HttpResponse]:
    """An irreversible step: GET shows the confirmation page, POST checks the tick box
    and runs it; a refusal is shown on the same page, nothing typed lost."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, reference: str, **ids: Any) -> HttpResponse:
        victim, _access = victim_or_404(request.user, reference, need=need)
        target = subject(victim, ids)
        data = request.POST if request.method == "POST" else None
        form = form_class(data, **form_kwargs(victim))
        if request.method == "POST" and form.is_valid():
            try:
                run(request, victim, {**form.cleaned_data, **ids, "subject": target})
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return _back(victim)
        status = 400 if request.method == "POST" else 200
        context = {
            "victim": victim, "form": form, "subject": target, "show_errors": True,
            "back": selectors.victim_page(victim) + "#plan",
        }  # fmt: skip
        return render(request, template, context, status=status)

    return view


# --- the plan --------------------------------------------------------------------------

plan_open = _action(
    "edit",
    forms.PlanOpenForm,
    lambda request, victim, data: services.plan_open(
        actor=_user(request), victim=victim,
        needs_assessment=data["needs_assessment"], assessed_on=data["assessed_on"],
    ),
)  # fmt: skip

plan_service_add = _action(
    "edit",
    forms.PlanServiceAddForm,
    lambda request, victim, data: services.plan_service_add(
        actor=_user(request), plan=_plan_of(victim), service=data["service"],
        provider=data["provider"], needs=data["needs"], planned_for=data["planned_for"],
    ),
    lambda victim: {"victim": victim},
)  # fmt: skip

plan_service_consent = _action(
    "refer",
    forms.ConsentForm,
    lambda request, victim, data: services.plan_service_consent(
        actor=_user(request), service=_service_of(victim, data["pk"]), given_by=data["given_by"]
    ),
    lambda victim: {"victim": victim},
)

plan_service_refer = _action(
    "refer",
    forms.forms.Form,
    lambda request, victim, data: services.plan_service_refer(
        actor=_user(request), service=_service_of(victim, data["pk"])
    ),
)

plan_service_update = _action(
    "edit",
    forms.ServiceUpdateForm,
    lambda request, victim, data: services.plan_service_update(
        actor=_user(request), service=_service_of(victim, data["pk"]),
        status=data["status"], provided_on=data["provided_on"],
    ),
)  # fmt: skip

plan_service_consent_withdraw = _confirmed(
    "refer",
    forms.ConfirmForm,
    "trafficking/plan_consent_withdraw.html",
    lambda request, victim, data: services.plan_service_consent_withdraw(
        actor=_user(request), service=data["subject"]
    ),
    lambda victim, ids: _service_of(victim, ids["pk"]),
)

follow_up_schedule = _action(
    "edit",
    forms.FollowUpScheduleForm,
    lambda request, victim, data: services.follow_up_schedule(
        actor=_user(request), plan=_plan_of(victim), due_on=data["due_on"]
    ),
)


def _follow_up_of(victim: Victim, pk: Any) -> FollowUp:
    follow_up = FollowUp.objects.filter(plan__victim=victim, pk=pk).select_related("plan").first()
    if follow_up is None:
        raise Http404
    return follow_up


follow_up_record = _action(
    "edit",
    forms.FollowUpRecordForm,
    lambda request, victim, data: services.follow_up_record(
        actor=_user(request), follow_up=_follow_up_of(victim, data["pk"]),
        done_on=data["done_on"], notes=data["notes"],
    ),
)  # fmt: skip

plan_close = _confirmed(
    "edit",
    forms.PlanCloseForm,
    "trafficking/plan_close.html",
    lambda request, victim, data: services.plan_close(
        actor=_user(request), plan=data["subject"], reason=data["reason"]
    ),
    lambda victim, ids: _plan_of(victim),
)

# --- the national referral mechanism ---------------------------------------------------

nrm_refer = _confirmed(
    "refer",
    forms.NrmReferForm,
    "trafficking/nrm_refer.html",
    lambda request, victim, data: services.nrm_refer(
        actor=_user(request), victim=victim, authority=data["authority"],
        consent_given_by=data["consent_given_by"], shares_identity=data["shares_identity"],
        note=data["note"],
    ),
    form_kwargs=lambda victim: {"victim": victim},
)  # fmt: skip


def _nrm_of(victim: Victim, pk: Any) -> NrmReferral:
    referral = (
        NrmReferral.objects.filter(victim=victim, pk=pk)
        .select_related("victim", "authority")
        .first()
    )
    if referral is None:
        raise Http404
    return referral


nrm_withdraw = _confirmed(
    "refer",
    forms.ConfirmForm,
    "trafficking/nrm_withdraw.html",
    lambda request, victim, data: services.nrm_withdraw(
        actor=_user(request), referral=data["subject"]
    ),
    lambda victim, ids: _nrm_of(victim, ids["pk"]),
)


def _nrm_acknowledger(user: Any, referral: NrmReferral) -> Access:
    allowed = nrm_acknowledge_access(user, referral)
    return Access(view=allowed, change=allowed)


@login_required
@require_POST
def nrm_acknowledge(request: HttpRequest, reference: str, pk: Any) -> HttpResponse:
    """By the referring side or a counter-trafficking officer of the authority; the
    latter, who may not open the record, is sent back to their notifications."""
    queryset = NrmReferral.objects.select_related("victim__complaint", "authority")
    referral, _access = get_object_and_access_or_404(
        request.user, queryset, _nrm_acknowledger, need="change", pk=pk,
        victim__reference=reference,
    )  # fmt: skip
    run_and_report(
        request,
        forms.NrmAcknowledgeForm(request.POST),
        lambda data: services.nrm_acknowledge(
            actor=_user(request), referral=referral, reference=data["reference"]
        ),
    )
    if victim_access(request.user, referral.victim).view:
        return _back(referral.victim)
    return redirect("trafficking:nrm-inbox")


# --- the provider's pages --------------------------------------------------------------


def may_open_provider_inbox(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(Role.SERVICE_PROVIDER))


@login_required
@require_GET
def provider_inbox(request: HttpRequest) -> HttpResponse:
    if not may_open_provider_inbox(request.user):
        raise Http404
    page = Paginator(selectors.provider_inbox(request.user), 50).get_page(request.GET.get("page"))
    page.object_list = selectors.with_labels(page.object_list)
    return render(request, "trafficking/provider_inbox.html", {"page": page})


def _provider_access(user: Any, service: PlanService) -> Access:
    allowed = plan_service_provider_access(user, service)
    return Access(view=allowed, change=allowed, role=Role.SERVICE_PROVIDER if allowed else "")


def _provider_service_or_404(request: HttpRequest, pk: Any) -> PlanService:
    service, _access = get_object_and_access_or_404(
        request.user, selectors.provider_service(pk), _provider_access, pk=pk
    )
    return service


@login_required
@require_GET
def provider_service(request: HttpRequest, pk: Any) -> HttpResponse:
    """The person's name and phone and the needs shared for this service: nothing else
    of the record. 404 once consent is withdrawn."""
    service = _provider_service_or_404(request, pk)
    services.plan_service_record_view(actor=_user(request), service=service)
    service.label = selectors.service_label(service.service)  # type: ignore[attr-defined]
    form = forms.ProviderUpdateForm()
    return render(
        request,
        "trafficking/provider_service.html",
        {"service": service, "person": service.plan.victim, "form": form},
    )


@login_required
@require_POST
def provider_service_update(request: HttpRequest, pk: Any) -> HttpResponse:
    service = _provider_service_or_404(request, pk)
    run_and_report(
        request,
        forms.ProviderUpdateForm(request.POST),
        lambda data: services.plan_service_update(
            actor=_user(request), service=service, status=data["status"],
            provided_on=data["provided_on"],
        ),
    )  # fmt: skip
    return redirect("trafficking:provider-service", pk=service.pk)


# --- the authority's page --------------------------------------------------------------


@login_required
@require_GET
def nrm_inbox(request: HttpRequest) -> HttpResponse:
    """A national authority's counter-trafficking officers: the referrals to them, with
    the person's name and contact only where the person agreed to share them; each read
    of a shared identity is audited."""
    if not (request.user.is_authenticated and request.user.has_role(Role.COUNTER_TRAFFICKING)):
        raise Http404
    page = Paginator(selectors.nrm_inbox(request.user), 50).get_page(request.GET.get("page"))
    services.nrm_inbox_record_view(actor=_user(request), referrals=list(page.object_list))
    return render(
        request,
        "trafficking/nrm_inbox.html",
        {"page": page, "acknowledge_form": forms.NrmAcknowledgeForm()},
    )
