"""One error contract: an application error has a stable code and a message, rendered the
same way as an HTML page and as JSON."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A failure the user can understand and act on."""

    status = 400

    def __init__(self, code: str, message, *, status: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


def error_body(code: str, message, fields: dict | None = None) -> dict:
    body = {"error": {"code": code, "message": str(message)}}
    if fields:
        body["error"]["fields"] = fields
    return body


def api_exception_handler(exc, context):
    """DRF errors in the contract's shape. Not-found and forbidden-to-read look the same."""
    if isinstance(exc, ApplicationError):
        return Response(error_body(exc.code, exc.message), status=exc.status)
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
