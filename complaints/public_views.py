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

from core import proof_of_work, ratelimit

from . import codes, forms, services
from .services import IntakeData, PersonData
from .status import public_status

HOUR = 60 * 60
POW_PER_CLIENT = 4  # times AMANA_PUBLIC_REPORTS_PER_HOUR, for reports that did the work
RECEIPT_FAILURES_PER_PREFIX = 10  # wrong secrets an hour for one receipt, from anywhere


def _report_admitted(request) -> bool:
    """Whether this client may send a report now. Its own limit is checked first, so a
    refused request counts against no one else; there is no shared cap (issue 12).

    A report whose browser did the proof of work (core.proof_of_work) gets a wider
    per-client limit, so people behind one shared address still get through. Without
    JavaScript, or with a spent, expired or wrong proof, the stricter limit applies: the
    page keeps working with no script at all, and a cheap script gains nothing by
    skipping the work.
    """
    key = ratelimit.client_key(request)
    limit = settings.AMANA_PUBLIC_REPORTS_PER_HOUR
    challenge = request.POST.get("pow_challenge", "")
    nonce = request.POST.get("pow_nonce", "")
    if challenge and nonce:
        if not ratelimit.allow(
            "report-pow", key, limit=limit * POW_PER_CLIENT, window_seconds=HOUR
        ):
            return False
        if proof_of_work.verify(challenge, nonce):
            return True
    return ratelimit.allow("report", key, limit=limit, window_seconds=HOUR)


def _refused(response):
    response.status_code = 429
    response["Retry-After"] = str(HOUR)
    return response


def information(request):
    return render(request, "public/information.html")


def _report_page(request, form, refused=False, fresh_key=False):
    challenge = proof_of_work.challenge_issue()
    return render(
        request,
        "public/report.html",
        {
            "form": form,
            # Kept when the page comes back, so sending again never makes a second report.
            "submission_key": (not fresh_key and _submission_key(request.POST)) or uuid.uuid4(),
            "pow_challenge": challenge,
            "pow_bits": proof_of_work.bits_of(challenge),
            "refused": refused,
            # A refused report shows one message, not the form's own complaints too.
            "show_errors": not refused,
        },
    )


@never_cache
def report(request):
    form = forms.PublicReportForm(request.POST or None)
    if request.method != "POST":
        return _report_page(request, form)
    if not _report_admitted(request):
        return _refused(_report_page(request, form, refused=True))
    if not form.is_valid():
        return _report_page(request, form)
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
        trafficking=form.trafficking(),
    )
    try:
        complaint, code = services.public_report_create(
            data=intake, submission_key=_submission_key(request.POST)
        )
    except ValidationError as error:
        if getattr(error, "code", "").startswith("complaint.submission_key"):
            # The page came back after a report was sent, and the words changed: with a
            # fresh key, sending it again makes a new report.
            form.add_error(
                None,
                _(
                    "This form was already sent, with other words. What you wrote is still "
                    "here: send it again to make it a new report."
                ),
            )
            return _report_page(request, form, fresh_key=True)
        form.add_error(None, error)
        return _report_page(request, form)
    return render(request, "public/receipt.html", {"code": code, "complaint": complaint})


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
        # What the reporter sent and added since (issue 15/16): theirs to read again.
        "added_information": list(complaint.added_information.select_related("data_key")),
        "add_form": forms.AddInformationForm(initial={"code": code}),
        "status": public_status(complaint),
    }


def _receipt_admitted(request, code: str) -> bool:
    """Receipt codes are guessed per client and per receipt: each client has its own
    limit (checked first; it counts against no one else), and each receipt's first six
    characters take only so many wrong secrets an hour, from any number of addresses."""
    if not ratelimit.allow(
        "receipt",
        ratelimit.client_key(request),
        limit=settings.AMANA_RECEIPT_LOOKUPS_PER_HOUR,
        window_seconds=HOUR,
    ):
        return False
    prefix = ratelimit.keyed(services.normalise_receipt(code)[:6])
    return ratelimit.hits("receipt-prefix", prefix) < RECEIPT_FAILURES_PER_PREFIX


def _receipt_find(code: str):
    complaint = services.receipt_find(code)
    if complaint is None:
        prefix = ratelimit.keyed(services.normalise_receipt(code)[:6])
        ratelimit.hit("receipt-prefix", prefix, window_seconds=HOUR)
    return complaint


def _receipt_refused(request, form, add_form=None):
    context = {"form": form, "add_form": add_form, "refused": True, "show_errors": False}
    return _refused(render(request, "public/receipt_form.html", context))


@never_cache
def follow_up(request):
    """Enter the receipt code (by POST, never in the URL) to read status and feedback."""
    form = forms.ReceiptForm(request.POST or None)
    if request.method == "POST" and "text" in request.POST:
        return _add_information(request)
    if request.method == "POST":
        if not _receipt_admitted(request, request.POST.get("code", "")):
            return _receipt_refused(request, form)
        if form.is_valid():
            complaint = _receipt_find(form.cleaned_data["code"])
            if complaint is not None:
                return render(
                    request,
                    "public/follow_up.html",
                    _follow_up_context(complaint, form.cleaned_data["code"]),
                )
            form.add_error("code", _("This code does not open any report. Check it and try again."))
    return render(request, "public/receipt_form.html", {"form": form, "show_errors": True})


def _add_information(request):
    form = forms.AddInformationForm(request.POST)
    code = request.POST.get("code", "")
    if not _receipt_admitted(request, code):
        # What the reporter wrote comes back with the code (hidden), ready to send again.
        return _receipt_refused(request, forms.ReceiptForm(), add_form=form)
    complaint = _receipt_find(code)
    if complaint is None:
        code_form = forms.ReceiptForm()
        return render(request, "public/receipt_form.html", {"form": code_form, "show_errors": True})
    context = _follow_up_context(complaint, code)
    if form.is_valid():
        services.receipt_add_information(complaint=complaint, text=form.cleaned_data["text"])
        context["added"] = True
    else:
        context["add_form"] = form
    return render(request, "public/follow_up.html", context)
