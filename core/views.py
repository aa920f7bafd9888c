import csv
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, selectors
from .audit import TRAIL_EXPORT, TRAIL_VIEW, trail_record
from .forms import AuditFilterForm
from .models import AuditEvent, User
from .permissions import Access, audit_trail_access, can_decide_account_requests
from .roles import Role


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind `login_required`, for type checking: a signed-in user."""

    user: User


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"roles": sorted(request.user.roles)}
    if can_decide_account_requests(request.user):
        context["pending_requests"] = selectors.account_requests_pending().count()
    return render(request, "core/home.html", context)


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


# --- The audit trail ------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50
AUDIT_FILTERS = ("reference", "actor", "organisation", "action", "date_from", "date_to")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _trail(
    request: AuthenticatedHttpRequest,
) -> tuple[Access, AuditFilterForm, QuerySet[AuditEvent]]:
    """Who may read the trail (else 404, as for a page that does not exist), the filter
    form, and the events the user may see under the valid filters."""
    access = audit_trail_access(request.user)
    if not access.view:
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = (
        {name: form.cleaned_data[name] for name in AUDIT_FILTERS if form.cleaned_data.get(name)}
        if form.is_valid()
        else {}
    )
    return access, form, selectors.audit_trail_for_user(request.user, **filters)


def _recorded(form: AuditFilterForm) -> dict[str, Any]:
    return form.recorded() if form.is_valid() else {}


def _role_label(event: AuditEvent) -> str:
    if event.actor_role in Role.values:
        return str(Role(event.actor_role).label)
    return event.actor_role


def _rows(events: Iterable[AuditEvent]) -> Iterator[dict[str, Any]]:
    """What the page and the export show of each event: ids, codes and references."""
    events = list(events)
    references = selectors.case_references(events)
    for event in events:
        yield {
            "event": event,
            "actor": event.actor.get_username() if event.actor else "",
            "role": _role_label(event),
            "organisation": event.actor_organisation.acronym if event.actor_organisation else "",
            "reference": references.get((event.object_type, event.object_id), ""),
            "detail": selectors.detail_text(event.detail),
        }


@login_required
@require_GET
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who read or changed what, when; filtered and paginated. Looking is recorded."""
    access, form, events = _trail(request)
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(_rows(page.object_list))
    trail_record(
        actor=request.user,
        role=access.role,
        action=TRAIL_VIEW,
        filters={**_recorded(form), "page": page.number},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_trail.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        [
            _cell(heading)
            for heading in (
                _("When (UTC)"), _("Account id"), _("Account"), _("Role"), _("Organisation"),
                _("Action"), _("Object type"), _("Object id"), _("Case reference"), _("Detail"),
            )
        ]
    )  # fmt: skip
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=500):
        chunk.append(event)
        if len(chunk) == 500:
            yield from _csv_rows(writer, chunk)
            chunk = []
    yield from _csv_rows(writer, chunk)


def _csv_rows(writer: Any, events: list[AuditEvent]) -> Iterator[str]:
    for row in _rows(events):
        event = row["event"]
        yield writer.writerow(
            [
                _cell(value)
                for value in (
                    event.at.astimezone(UTC).isoformat(), event.actor_id, row["actor"],
                    event.actor_role, row["organisation"], event.action, event.object_type,
                    event.object_id, row["reference"], row["detail"],
                )
            ]
        )  # fmt: skip


@login_required
@require_GET
def audit_trail_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The filtered trail as CSV, every row (no page), streamed. The export is recorded
    with its filters and row count; it holds the events up to that moment."""
    access, form, events = _trail(request)
    events = events.filter(at__lte=timezone.now())
    trail_record(
        actor=request.user,
        role=access.role,
        action=TRAIL_EXPORT,
        filters=_recorded(form),
        rows=events.count(),
    )
    response = StreamingHttpResponse(_csv_lines(events), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response
