"""Benchmark of the CTDC import and export (run by hand, never in CI).

Makes a CTDC-shaped CSV of N synthetic rows (the generator of tests/trafficking/
test_ctdc.py), imports it, then exports it k-anonymised, printing the time of each step.
By default it uses a throw-away SQLite file; set DATABASE_URL for PostgreSQL.

    .venv/bin/python bench/ctdc_benchmark.py --rows 20000
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if "DATABASE_URL" not in os.environ:
    _db = Path(tempfile.mkdtemp()) / "ctdc_bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django

django.setup()

from django.core.management import call_command

from core.models import Organisation
from tests.trafficking.test_ctdc import synthetic_rows, to_csv
from trafficking.models import Victim
from trafficking.services.ctdc import ctdc_export, ctdc_import


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    organisation, _created = Organisation.objects.get_or_create(
        acronym="BENCH", defaults={"name": "Benchmark"}
    )
    started = time.perf_counter()
    rows, _expected = synthetic_rows(count=options.rows, seed=20)
    content = to_csv(rows)
    print(f"generated {len(rows)} rows ({len(content) / 1e6:.1f} MB) in "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip

    started = time.perf_counter()
    result = ctdc_import(actor=None, file=io.BytesIO(content), organisation=organisation)
    elapsed = time.perf_counter() - started
    print(f"imported {result.rows} rows in {elapsed:.2f} s ({result.rows / elapsed:,.0f} rows/s)")

    started = time.perf_counter()
    export = ctdc_export(actor=None, queryset=Victim.objects.all())
    elapsed = time.perf_counter() - started
    summary = export.summary
    print(
        f"exported {summary.exported} rows in {elapsed:.2f} s: {summary.unchanged} unchanged, "
        f"{summary.generalised} generalised, {summary.dropped} dropped (k={summary.k})"
    )


if __name__ == "__main__":
    main()
