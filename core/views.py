from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health
from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`, for type checking: a signed-in user."""

    user: User


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"roles": sorted(request.user.roles)})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database and the broker; 503 when either is down."""
    status = {
        "database": "ok" if health.database_ok() else "down",
        "broker": "ok" if health.broker_ok() else "down",
    }
    healthy = all(value == "ok" for value in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **status}, status=200 if healthy else 503
    )
