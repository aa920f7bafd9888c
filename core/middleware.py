from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import second_factor
from .errors import ApplicationError, error_body

# Every resource is our own: no CDN, no third-party script, font or image.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    """Headers Django 5.2 does not set itself, and the HTML side of the error contract."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.user.is_authenticated:
            # Shared phones and office PCs: the back button must not show a case.
            response["Cache-Control"] = "no-store"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ApplicationError):
            return render(
                request,
                "error.html",
                {"code": exception.code, "message": exception.message},
                status=exception.status,
            )
        return None


class SecondFactorMiddleware:
    """A signed-in user whose session has not passed the second factor reaches only the
    second-factor pages and logout (core.second_factor): pages redirect to the code (or to
    enrolment), the API answers 403 in the error contract's shape. Costs no query: the
    session and the user are read for a signed-in request anyway. Token-authenticated API
    calls carry no session and are not affected (an integration's token is its credential).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not second_factor.is_verified(request)
            and not request.path_info.startswith(second_factor.open_paths())
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    error_body(
                        "second_factor.required",
                        _("Sign in with your second factor first."),
                    ),
                    status=403,
                )
            return redirect(
                f"{reverse('second-factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
