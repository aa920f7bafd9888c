from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from complaints import services as complaint_services
from complaints.permissions import complaint_access
from complaints.selectors import complaint_detail_queryset, survivor_of
from core.forms_helpers import run_and_report
from core.permissions import get_object_and_access_or_404

from . import forms, package, permissions, selectors, services
from .models import AssistanceReferral, InvestigationReferral
from .permissions import assistance_access, investigation_access


def _complaint_for_coordinator(request, reference):
    complaint, _access = get_object_and_access_or_404(
        request.user,
        complaint_detail_queryset(),
        complaint_access,
        need="screen",
        reference=reference,
    )
    return complaint


@login_required
@require_POST
def investigation_refer(request, reference):
    complaint = _complaint_for_coordinator(request, reference)
    run_and_report(
        request,
        forms.InvestigationReferForm(request.POST),
        lambda data: services.investigation_refer(
            actor=request.user,
            complaint=complaint,
            organisation=data["organisation"],
            basis=data["basis"],
        ),
    )
    return redirect("complaints:detail", reference=complaint.reference)


@login_required
@require_POST
def assistance_refer(request, reference):
    complaint = _complaint_for_coordinator(request, reference)

    def refer(data):
        survivor = survivor_of(complaint, data["survivor"])
        services.assistance_refer(
            actor=request.user, complaint=complaint, survivor=survivor, service=data["service"],
            provider=data["provider"], needs=data["needs"],
        )  # fmt: skip

    survivors = [p for p in complaint.persons.all() if p.is_survivor]
    run_and_report(request, forms.AssistanceReferForm(request.POST, survivors=survivors), refer)
    return redirect("complaints:detail", reference=complaint.reference)


@login_required
def investigation_inbox(request):
    if not permissions.may_open_investigation_inbox(request.user):
        raise Http404
    page = Paginator(selectors.investigation_referrals_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "referrals/investigation_inbox.html", {"page": page, "now": timezone.now()}
    )


def _investigation_or_404(request, pk, need="view"):
    queryset = InvestigationReferral.objects.select_related("complaint", "organisation")
    return get_object_and_access_or_404(
        request.user, queryset, investigation_access, need=need, pk=pk
    )


def _persons_shown(complaint, case):
    """The case's persons, each marked with whether the user sees who they are."""
    if not case.content:
        return []
    persons = list(complaint.persons.all())
    for person in persons:
        person.identity_shown = case.shows_identity(person)
    return persons


@login_required
def investigation_detail(request, pk):
    referral, access = _investigation_or_404(request, pk)
    complaint = complaint_detail_queryset().get(pk=referral.complaint_id)
    case = complaint_access(request.user, complaint)
    complaint_services.complaint_record_view(
        actor=request.user, complaint=complaint, identity=case.identity, role=access.role
    )
    context = {
        "referral": referral, "access": access, "complaint": complaint, "case": case,
        "persons": _persons_shown(complaint, case),
        "report_form": forms.InvestigationReportForm(), "withdraw_form": forms.WithdrawForm(),
        "reroute_form": forms.RerouteForm(),
    }  # fmt: skip
    return render(request, "referrals/investigation_detail.html", context)


@login_required
def investigation_package(request, pk):
    """The referral package: the case as the referred agency may see it, as a PDF,
    watermarked with who exported it and when; audited."""
    referral, access = _investigation_or_404(request, pk)
    complaint, case, persons = selectors.investigation_package(referral, access.role)
    exporter = package.Exporter(
        username=request.user.get_username(),
        organisation=str(request.user.organisation or ""),
        at=timezone.now(),
    )
    pdf = package.render(
        referral=referral, complaint=complaint, case=case, persons=persons, exporter=exporter
    )
    services.investigation_package_record(
        actor=request.user, referral=referral, identity=case.identity, role=access.role
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="referral-{complaint.reference}.pdf"'
    return response


def _investigation_action(need, form_class, service):
    @login_required
    @require_POST
    def view(request, pk):
        referral, _access = _investigation_or_404(request, pk, need)
        run_and_report(
            request,
            form_class(request.POST),
            lambda data: service(actor=request.user, referral=referral, **data),
        )
        return redirect("referrals:investigation", pk=referral.pk)

    return view


investigation_acknowledge = _investigation_action(
    "act", forms.AcknowledgeForm, services.investigation_acknowledge
)
investigation_report = _investigation_action(
    "act", forms.InvestigationReportForm, services.investigation_report
)
investigation_request_consent = _investigation_action(
    "act", forms.AcknowledgeForm, services.investigation_request_consent
)
investigation_withdraw = _investigation_action(
    "manage", forms.WithdrawForm, services.investigation_withdraw
)
investigation_reroute = _investigation_action(
    "manage", forms.RerouteForm, services.investigation_reroute
)


@login_required
def assistance_inbox(request):
    if not permissions.may_open_assistance_inbox(request.user):
        raise Http404
    page = Paginator(selectors.assistance_referrals_for(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "referrals/assistance_inbox.html", {"page": page, "now": timezone.now()})


def _assistance_or_404(request, pk, need="view"):
    queryset = AssistanceReferral.objects.select_related(
        "complaint", "provider", "survivor__data_key", "data_key"
    )
    return get_object_and_access_or_404(request.user, queryset, assistance_access, need=need, pk=pk)


@login_required
def assistance_detail(request, pk):
    referral, access = _assistance_or_404(request, pk)
    complaint_services.complaint_record_view(
        actor=request.user, complaint=referral.complaint, identity=True, role=access.role
    )
    return render(
        request,
        "referrals/assistance_detail.html",
        {
            "referral": referral,
            "access": access,
            "form": forms.AssistanceRespondForm(),
        },
    )


@login_required
@require_POST
def assistance_respond(request, pk):
    referral, _access = _assistance_or_404(request, pk, "act")
    run_and_report(
        request,
        forms.AssistanceRespondForm(request.POST),
        lambda data: services.assistance_respond(actor=request.user, referral=referral, **data),
    )
    return redirect("referrals:assistance", pk=referral.pk)
