"""The information window: public pages, anonymous reports and receipts. No login.

No address is stored or logged (see core.ratelimit); no third-party resource is loaded;
the receipt code is shown once and never put in a URL.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core import ratelimit

from . import codes, forms, services
from .services import IntakeData, PersonData
from .status import public_status

HOUR = 60 * 60


def _limited(request, bucket, limit):
    allowed = ratelimit.allow(
        f"{bucket}:all", "all", limit=limit * 40, window_seconds=HOUR
    ) and ratelimit.allow(bucket, ratelimit.client_key(request), limit=limit, window_seconds=HOUR)
    if allowed:
        return None
    response = render(
        request,
        "public/busy.html",
        {},
        status=429,
    )
    response["Retry-After"] = str(HOUR)
    return response


def information(request):
    return render(request, "public/information.html")


@never_cache
def report(request):
    form = forms.PublicReportForm(request.POST or None)
    if request.method == "POST":
        refused = _limited(request, "report", settings.AMANA_PUBLIC_REPORTS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            if form.cleaned_data["website"]:
                # Filled by a robot: answer as if saved, keep nothing.
                return render(request, "public/receipt.html", {"code": None})
            data = form.cleaned_data
            narrative = data["narrative"]
            if data["location_text"]:
                narrative += "\n\n" + _("Place given by the reporter: %(place)s") % {
                    "place": data["location_text"]
                }
            reporter = PersonData(
                roles={"complainant", "survivor"} if data["is_survivor"] else {"complainant"},
                values={"phone": data["contact"]},
            )
            persons = [reporter] if data["contact"] or data["is_survivor"] else []
            intake = IntakeData(
                complaint={
                    "narrative": narrative,
                    "category": data["category"],
                    "entry_point": codes.EntryPoint.WEB_FORM,
                },
                persons=persons,
            )
            try:
                complaint, code = services.public_report_create(
                    data=intake, submission_key=_submission_key(request.POST)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return render(
                    request, "public/receipt.html", {"code": code, "complaint": complaint}
                )
    key = request.POST.get("submission_key") or uuid.uuid4()
    return render(request, "public/report.html", {"form": form, "submission_key": key})


def _submission_key(data):
    try:
        return uuid.UUID(data.get("submission_key", ""))
    except ValueError:
        return None


def _follow_up_context(complaint, code):
    # The reporter reading their report through the receipt is a view like any other.
    services.complaint_record_view(
        actor=None, complaint=complaint, identity=False, role=services.REPORTER
    )
    return {
        "complaint": complaint,
        "feedback": list(complaint.feedback.select_related("data_key")),
        "add_form": forms.AddInformationForm(initial={"code": code}),
        "status": public_status(complaint),
    }


@never_cache
def follow_up(request):
    """Enter the receipt code (by POST, never in the URL) to read status and feedback."""
    form = forms.ReceiptForm(request.POST or None)
    if request.method == "POST" and "text" in request.POST:
        return _add_information(request)
    if request.method == "POST":
        refused = _limited(request, "receipt", settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR)
        if refused:
            return refused
        if form.is_valid():
            complaint = services.receipt_find(form.cleaned_data["code"])
            if complaint is not None:
                return render(
                    request,
                    "public/follow_up.html",
                    _follow_up_context(complaint, form.cleaned_data["code"]),
                )
            form.add_error("code", _("This code does not open any report. Check it and try again."))
    return render(request, "public/receipt_form.html", {"form": form})


def _add_information(request):
    refused = _limited(request, "receipt", settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR)
    if refused:
        return refused
    form = forms.AddInformationForm(request.POST)
    complaint = services.receipt_find(request.POST.get("code", ""))
    if complaint is None:
        code_form = forms.ReceiptForm()
        return render(request, "public/receipt_form.html", {"form": code_form}, status=200)
    context = _follow_up_context(complaint, request.POST.get("code", ""))
    if form.is_valid():
        services.receipt_add_information(complaint=complaint, text=form.cleaned_data["text"])
        context["added"] = True
    else:
        context["add_form"] = form
    return render(request, "public/follow_up.html", context)
