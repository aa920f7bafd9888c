"""Account pages: the second factor (enrolment at first sign-in, the code at each sign-in,
recovery codes shown once) and the coordinators' page of account requests (separation of
duties). Every form works without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import second_factor, selectors, services
from .account_forms import CodeForm, DecisionForm, RenewCodesForm
from .errors import ApplicationError
from .forms_helpers import add_service_errors, run_and_report
from .models import AccountRequest
from .permissions import (
    account_request_access,
    can_decide_account_requests,
    get_object_and_access_or_404,
)
from .roles import Role
from .views import AuthenticatedHttpRequest

RECOVERY_CODES_SESSION_KEY = "amana_recovery_codes"


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


@login_required
def second_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The code asked after the password, at every sign-in."""
    user = request.user
    target = second_factor.safe_next(request)
    if user.second_factor_since is None:
        return redirect(_with_next("second-factor-enrol", target))
    if second_factor.is_verified(request):
        return redirect(target)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.second_factor_verify(user=user, code=form.cleaned_data["code"]):
            second_factor.mark_verified(request, user)
            return redirect(target)
        form.add_error(
            "code",
            _(
                "That code does not match. Enter the code your app shows now, or a recovery "
                "code. After a wrong code, wait a few seconds before the next try."
            ),
        )
    return render(request, "core/second_factor_verify.html", {"form": form, "next": target})


@login_required
def second_factor_enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First sign-in (or after a reset): add Amana to an authenticator app, by the QR code
    or by typing the key, and enter a code to confirm it."""
    user = request.user
    target = second_factor.safe_next(request)
    if user.second_factor_since is not None:
        return redirect(_with_next("second-factor", target))
    device = services.second_factor_enrolment_start(user=user)
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        recovery=False,
        handover=bool(user.enrolment_code_hash),
    )
    if request.method == "POST" and form.is_valid():
        if device.verify_token("".join(form.cleaned_data["code"].split())):
            try:
                codes = services.second_factor_enrol(
                    user=user, device=device, handover_code=form.cleaned_data.get("handover_code")
                )
            except ApplicationError as error:
                add_service_errors(form, error)
            else:
                second_factor.mark_verified(request, user)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                return redirect(_with_next("second-factor-recovery-codes", target))
        else:
            form.add_error(
                "code",
                _("That code does not match. Check the key in your app and enter its code now."),
            )
    return render(
        request,
        "core/second_factor_enrol.html",
        {
            "form": form,
            "next": target,
            "qr": second_factor.qr_svg(device, _("QR code to add Amana to your authenticator app")),
            "secret": second_factor.secret_text(device),
        },
    )


@login_required
def second_factor_recovery_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The recovery codes, shown once right after enrolment (taken out of the session)."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    target = second_factor.safe_next(request)
    if not codes:
        return redirect(target)
    return render(
        request, "core/second_factor_recovery_codes.html", {"codes": codes, "next": target}
    )


@login_required
@require_POST
def recovery_codes_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes, confirmed by a tick box; shown once on the next page. Not under
    the second-factor pages' address, so a session must have passed the code to get here
    (core.middleware.SecondFactorMiddleware)."""
    form = RenewCodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm."))
        return redirect("home")
    request.session[RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_renew(user=request.user)
    return redirect("second-factor-recovery-codes")


@login_required
def account_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Coordinators: the account requests waiting for a second person (404 for others)."""
    if not can_decide_account_requests(request.user):
        raise Http404
    rows = [
        {
            "request": item,
            "access": account_request_access(request.user, item),
            "roles": [Role(role) for role in item.roles],
            # One form per request on the page: ids kept apart, names the same.
            "form": DecisionForm(auto_id=f"r{item.pk}_%s"),
        }
        for item in selectors.account_requests_pending()
    ]
    return render(request, "core/account_requests.html", {"rows": rows})


@login_required
@require_POST
def account_request_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Approve or refuse one request, confirmed by a tick box the server checks."""
    item, _access = get_object_and_access_or_404(
        request.user,
        AccountRequest.objects.all(),
        account_request_access,
        need="change",
        pk=pk,
    )
    form = DecisionForm(request.POST)
    decided: list[AccountRequest] = []
    run_and_report(
        request,
        form,
        lambda data: decided.append(
            services.account_request_decide(
                actor=request.user, request=item, approve=data["decision"] == "approve"
            )
        ),
    )
    if decided and decided[0].handover_code:
        # Shown once, to the approving coordinator only: never stored in clear.
        context = {"item": decided[0], "code": decided[0].handover_code}
        return render(request, "core/account_request_handover.html", context)
    return redirect("account-requests")
