"""The CTDC import and the de-identified export (issue 14 point 6).

Import rules (`ctdc_import`):
- the file is CSV, UTF-8 with or without a byte-order mark, "," separated, with every
  column of the CTDC layout in its header (in any order; other columns are ignored);
- every row is read and checked against the layout (`trafficking.ctdc.COLUMNS`); the
  problems come back together, one per row and column, as many as `MAX_PROBLEMS`;
- all or nothing: if any row is bad, nothing is written (the rows already inserted in the
  same transaction are rolled back). The file is the person's own copy, so nothing typed
  is lost: they correct it and upload it again, and no half-imported file has to be
  untangled later;
- each row becomes one presumed-victim record of the organisation named: no identity
  field, the data source as given, registered on 1 January of `yearOfRegistration`
  (precision "year"), counted in statistics;
- a counter-trafficking officer imports for their own organisation; the coordinator for
  any; the management command (no actor) for the one it names;
- one audit event (`registry.import`) with the row count.

Every record needs a data key (the model requires one, and the plan, services and visits
added later are encrypted under it): keys are made in memory and inserted in bulk with
their records, `BATCH_SIZE` at a time (see bench/ctdc_benchmark.py for the timing).

Export rules (`ctdc_export`): only records whose person consented to statistics and that
are presumed or identified victims; the CTDC layout, k-anonymous (`trafficking.anonymity`);
no identity field, reference or date finer than the year; one audit event
(`registry.export`) with the row counts.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.audit import audit_log
from core.crypto import data_keys_build
from core.errors import ApplicationError
from core.models import DataKey, Organisation
from core.roles import Role

from .. import codes, ctdc
from ..models import Victim, new_reference
from ..permissions import may_export_registry, may_import_registry
from ..selectors.ctdc import CtdcRows, ctdc_rows

BATCH_SIZE = 1000
MAX_PROBLEMS = 200

PROBLEM_MESSAGES = {
    "bad_year": gettext_lazy("not a year of registration (four digits, e.g. 2019)"),
    "future_year": gettext_lazy("a year still to come"),
    "bad_code": gettext_lazy("not a value this column allows"),
    "bad_flag": gettext_lazy("a flag is 1, 0 or empty"),
    "bad_country": gettext_lazy("not a two-letter ISO country code"),
    "extra_cells": gettext_lazy("more cells than the header has columns"),
    "contradiction": gettext_lazy("“not specified” but another flag of the group is 1"),
}


@dataclass(frozen=True)
class Problem:
    """One bad cell: the row is the line of the file (the header is line 1)."""

    row: int
    column: str
    code: str
    value: str

    @property
    def message(self) -> str:
        return str(PROBLEM_MESSAGES[self.code])


class CtdcImportError(ApplicationError):
    """The file was refused; `problems` lists every bad cell found (up to MAX_PROBLEMS)."""

    def __init__(self, code: str, message: Any, problems: list[Problem], total: int) -> None:
        super().__init__(code, message, field="file")
        self.problems = problems
        self.total = total


@dataclass(frozen=True)
class ImportResult:
    rows: int
    organisation: Organisation


def _role(actor: Any) -> str:
    if actor is None:
        return ""
    return Role.COORDINATOR if actor.has_role(Role.COORDINATOR) else Role.COUNTER_TRAFFICKING


def _lines(file: IO[bytes] | Iterable[bytes]) -> Iterator[str]:
    # A file's lines decoded as they are read: the whole file is never held as text.
    return codecs.iterdecode(iter(file), "utf-8-sig")


def _unique_references(count: int) -> list[str]:
    """New references, none already taken (one query a batch: a clash is very rare)."""
    while True:
        references = {new_reference() for _index in range(count)}
        if len(references) == count:
            taken = set(
                Victim.objects.filter(reference__in=references).values_list("reference", flat=True)
            )
            if not taken:
                return list(references)


def _insert(batch: list[dict[str, object]], organisation: Organisation) -> None:
    keys = data_keys_build(len(batch))
    DataKey.objects.bulk_create(keys, batch_size=BATCH_SIZE)
    now = timezone.now()
    victims = [
        Victim(
            id=uuid.uuid4(),
            data_key=key,
            reference=reference,
            organisation=organisation,
            registered_on=datetime.date(int(str(fields.pop("registered_year"))), 1, 1),
            registered_precision=codes.DatePrecision.YEAR,
            created_at=now,
            **fields,
        )
        for fields, key, reference in zip(batch, keys, _unique_references(len(batch)), strict=True)
    ]
    Victim.objects.bulk_create(victims, batch_size=BATCH_SIZE)


def ctdc_import(
    *, actor: Any, file: IO[bytes] | Iterable[bytes], organisation: Organisation | None
) -> ImportResult:
    """Load a CTDC-shaped CSV as victim records of `organisation` (rules: module doc)."""
    if organisation is None:
        raise ApplicationError(
            "ctdc.organisation",
            _("Choose the organisation that manages the records."),
            field="organisation",
        )
    if actor is not None:
        if not may_import_registry(actor):
            raise ApplicationError("ctdc.not_allowed", _("You may not import records."), status=403)
        if not actor.has_role(Role.COORDINATOR) and organisation.pk != actor.organisation_id:
            raise ApplicationError(
                "ctdc.organisation",
                _("You may import records only for your own organisation."),
                field="organisation",
            )
    this_year = timezone.localdate().year
    problems: list[Problem] = []
    total = 0
    rows = 0
    try:
        with transaction.atomic():
            reader = csv.DictReader(_lines(file))
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [column for column in ctdc.HEADER if column not in header]
            if missing and len(header) == 1 and ";" in header[0]:
                raise ApplicationError(
                    "ctdc.separator",
                    _(
                        "The columns are separated by semicolons: save the file as CSV with "
                        "commas. Nothing was imported."
                    ),
                    field="file",
                )
            if missing:
                raise ApplicationError(
                    "ctdc.header",
                    _(
                        "This is not a CTDC file: its first line lacks the columns %(columns)s. "
                        "Nothing was imported."
                    )
                    % {"columns": ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")},
                    field="file",
                )
            reader.fieldnames = header
            batch: list[dict[str, object]] = []
            for line, row in enumerate(reader, start=2):
                if None in row:  # more cells than the header has columns
                    row_problems = [Problem(line, "", "extra_cells", "")]
                    fields: dict[str, object] = {}
                else:
                    fields, cell_errors = ctdc.row_to_fields(row)
                    row_problems = [
                        Problem(line, error.column, error.code, error.value)
                        for error in cell_errors
                    ]
                    year = fields.get("registered_year")
                    if isinstance(year, int) and year > this_year:
                        row_problems.append(
                            Problem(line, "yearOfRegistration", "future_year", str(year))
                        )
                rows += 1
                if row_problems:
                    total += len(row_problems)
                    problems.extend(row_problems[: max(0, MAX_PROBLEMS - len(problems))])
                    continue
                if problems:
                    continue  # nothing more is written once a row is bad: only read on
                batch.append(fields)
                if len(batch) >= BATCH_SIZE:
                    _insert(batch, organisation)
                    batch = []
            if total:
                raise CtdcImportError(
                    "ctdc.invalid_rows",
                    ngettext(
                        "%(count)s problem in the file. Nothing was imported.",
                        "%(count)s problems in the file. Nothing was imported.",
                        total,
                    )
                    % {"count": total},
                    problems,
                    total,
                )
            if not rows:
                raise ApplicationError(
                    "ctdc.empty", _("The file has no rows. Nothing was imported."), field="file"
                )
            if batch:
                _insert(batch, organisation)
            audit_log(
                actor=actor,
                action="registry.import",
                obj=organisation,
                role=_role(actor),
                detail={"format": "ctdc", "rows": rows},
            )
    except UnicodeDecodeError:
        raise ApplicationError(
            "ctdc.encoding",
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again."),
            field="file",
        ) from None
    except csv.Error:
        raise ApplicationError(
            "ctdc.not_csv", _("The file could not be read as CSV. Nothing was imported."),
            field="file",
        ) from None  # fmt: skip
    return ImportResult(rows=rows, organisation=organisation)


def ctdc_export(*, actor: Any, queryset: QuerySet[Victim], k: int | None = None) -> CtdcRows:
    """The de-identified, k-anonymous CTDC rows of `queryset` (already scoped to the
    actor by `selectors.ctdc.registry_export_queryset`), audited with its counts."""
    if actor is not None and not may_export_registry(actor):
        raise ApplicationError("ctdc.not_allowed", _("You may not export records."), status=403)
    with transaction.atomic():
        export = ctdc_rows(queryset, k=k)
        role = ""
        if actor is not None:
            role = next(
                (
                    r
                    for r in (Role.COORDINATOR, Role.COUNTER_TRAFFICKING, Role.ANALYST)
                    if actor.has_role(r)
                ),
                "",
            )
        audit_log(
            actor=actor,
            action="registry.export",
            role=role,
            detail={"format": "ctdc", "excluded": export.excluded, **export.summary.as_detail()},
        )
    return export


def write_csv(export: CtdcRows, stream: IO[str] | Any) -> None:
    writer = csv.DictWriter(stream, fieldnames=export.header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(export.rows)


def export_csv_text(export: CtdcRows) -> str:
    buffer = io.StringIO()
    write_csv(export, buffer)
    return buffer.getvalue()
