"""Write the de-identified, k-anonymous CTDC export of every record (no actor)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from trafficking.models import Victim
from trafficking.services.ctdc import ctdc_export, write_csv


class Command(BaseCommand):
    help = "Write the de-identified CTDC export (k-anonymous) to a file or to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="the CSV file to write (default: stdout)")
        parser.add_argument("--k", type=int, help="k (default: the AMANA_CTDC_K setting)")

    def handle(self, *args: Any, **options: Any) -> None:
        export = ctdc_export(actor=None, queryset=Victim.objects.all(), k=options["k"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="") as file:
                write_csv(export, file)
        else:
            write_csv(export, sys.stdout)
        summary = export.summary
        self.stderr.write(
            f"k={summary.k}: {summary.exported} rows exported ({summary.unchanged} unchanged, "
            f"{summary.generalised} generalised), {summary.dropped} dropped, "
            f"{export.excluded} not exportable."
        )
