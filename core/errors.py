"""One error contract: an application error has a stable code and a message, rendered the
same way as an HTML page (core.middleware), as a form or page message
(core.forms_helpers) and as JSON (`api_exception_handler`).

Services raise `ApplicationError` for a rule the user broke ("this referral is closed").
It is a Django `ValidationError`, so a form shows it like any other validation message
and `full_clean()` errors travel the same road; field errors keep their field names.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(DjangoValidationError):
    """A failure the user can understand and act on, with a stable `code`.

    `status` is the HTTP status when it ends a request: 400 by default, 409 for a state
    that no longer allows the step, 403 for an actor who may read but not do it.
    """

    code: str  # always given, unlike a plain ValidationError's

    def __init__(
        self, code: str, message: Any, *, field: str | None = None, status: int = 400
    ) -> None:
        if field is None:
            super().__init__(message, code=code)
        else:  # about one field: a form shows it under that field, the API names it
            super().__init__({field: [DjangoValidationError(message, code=code)]})
        self.code = code
        self.message = message
        self.field = field
        self.status = status


def error_body(
    code: str, message: Any, fields: dict | None = None, problems: list | None = None
) -> dict:
    body: dict[str, Any] = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    if problems:
        body["error"]["problems"] = problems
    return body


def problem_list(error: DjangoValidationError) -> list[dict[str, str]]:
    """Each problem of a Django ValidationError with its own stable code, so a client can
    act on "intake.narrative_missing" rather than parse a translated message."""
    if hasattr(error, "error_dict"):
        items = [
            ("non_field_errors" if field == NON_FIELD_ERRORS else field, problem)
            for field, problems in error.error_dict.items()
            for problem in problems
        ]
    else:
        items = [("non_field_errors", problem) for problem in error.error_list]
    return [
        {"field": field, "code": problem.code or "invalid", "message": problem.messages[0]}
        for field, problem in items
    ]


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]}, "non_field_errors" for the rest."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every API error in the contract's shape, in one place (no view converts errors).
    Not-found and forbidden-to-read look the same."""
    if isinstance(exc, ApplicationError):
        fields = {exc.field: [str(exc.message)]} if exc.field else None
        return Response(error_body(exc.code, exc.message, fields), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        body = error_body(
            "invalid", _("Some fields need correcting."), field_errors(exc), problem_list(exc)
        )
        return Response(body, status=400)
    if isinstance(exc, Http404 | drf.NotFound):
        return Response(error_body("not_found", _("Not found.")), status=404)
    if isinstance(exc, PermissionDenied):
        exc = drf.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: a 500, logged without the request body
    if isinstance(exc, drf.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body("invalid", _("Some fields need correcting."), detail)
    else:
        code = exc.get_codes() if isinstance(exc, drf.APIException) else "error"
        message = exc.detail if isinstance(exc, drf.APIException) else str(exc)
        response.data = error_body(code if isinstance(code, str) else "error", message)
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (handler400), in the contract's shape: a request too large or with too
    many fields says so, as JSON on the API and as a page elsewhere, never a bare
    "Bad Request"."""
    message: Any
    if isinstance(exception, RequestDataTooBig):
        code, status = "request.too_large", 413
        message = _("What was sent is too large (at most %(size)s MB). Nothing was saved.") % {
            "size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        }
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        code, status = "request.too_many_fields", 400
        message = _("What was sent has too many fields or files. Nothing was saved.")
    else:
        code, status = "bad_request", 400
        message = _("The request could not be read. Nothing was saved.")
    if request.path_info.startswith("/api/"):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, "error.html", {"code": code, "message": message}, status=status)
