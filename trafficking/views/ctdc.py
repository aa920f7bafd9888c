"""Pages of the CTDC import (upload) and the de-identified export (a page with the
k-anonymity summary, and the download). Who may: `permissions.may_import_registry`,
`permissions.may_export_registry`; anyone else gets a 404, as for a page that does not
exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from core.forms_helpers import add_service_errors

from .. import anonymity, ctdc
from ..forms.ctdc import CtdcImportForm
from ..permissions import may_export_registry, may_import_registry
from ..selectors import ctdc as selectors
from ..services import ctdc as services


@login_required
@require_http_methods(["GET", "POST"])
def ctdc_import_page(request: HttpRequest) -> HttpResponse:
    if not may_import_registry(request.user):
        raise Http404
    form = CtdcImportForm(request.POST or None, request.FILES or None, user=request.user)
    problems: list[services.Problem] = []
    total = 0
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation") or getattr(
            request.user, "organisation", None
        )
        try:
            result = services.ctdc_import(
                actor=request.user, file=form.cleaned_data["file"], organisation=organisation
            )
        except services.CtdcImportError as error:
            problems, total = error.problems, error.total
            add_service_errors(form, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s record imported for %(organisation)s.",
                    "%(count)s records imported for %(organisation)s.",
                    result.rows,
                )
                % {"count": result.rows, "organisation": result.organisation},
            )
            return redirect("trafficking:ctdc-import")
    return render(
        request,
        "trafficking/ctdc_import.html",
        {
            "form": form,
            "problems": problems,
            "more_problems": total - len(problems),
            "columns": ctdc.HEADER,
        },
    )


@login_required
@require_GET
def ctdc_export_page(request: HttpRequest) -> HttpResponse:
    """What the download will hold, in counts only (nothing leaves from this page)."""
    if not may_export_registry(request.user):
        raise Http404
    export = selectors.ctdc_rows(selectors.registry_export_queryset(request.user))
    return render(
        request,
        "trafficking/ctdc_export.html",
        {
            "summary": export.summary,
            "excluded": export.excluded,
            "quasi_identifiers": anonymity.QUASI_IDENTIFIERS,
            "ladder": [name for name, _step in anonymity.LADDER],
            "by_column": sorted(export.summary.by_column.items()),
        },
    )


@login_required
@require_GET
def ctdc_export_csv(request: HttpRequest) -> HttpResponse:
    if not may_export_registry(request.user):
        raise Http404
    export = services.ctdc_export(
        actor=request.user, queryset=selectors.registry_export_queryset(request.user)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # No name, organisation or reference in the file name: the year of the export only.
    response["Content-Disposition"] = (
        f'attachment; filename="ctdc-export-{timezone.localdate():%Y}.csv"'
    )
    response["Cache-Control"] = "no-store"
    services.write_csv(export, response)
    return response
