"""Load a CTDC-shaped CSV as victim records of one organisation (no actor: the audit
event names none)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.models import Organisation
from trafficking.services.ctdc import CtdcImportError, ctdc_import


class Command(BaseCommand):
    help = "Import a CTDC global dataset CSV file as victim records of an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="the CSV file (UTF-8, comma separated)")
        parser.add_argument(
            "--organisation", required=True, help="acronym of the managing organisation"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(acronym=options["organisation"])
        except Organisation.DoesNotExist:
            raise CommandError(f"No organisation {options['organisation']!r}.") from None
        with open(options["path"], "rb") as file:
            try:
                result = ctdc_import(actor=None, file=file, organisation=organisation)
            except CtdcImportError as error:
                for problem in error.problems:
                    self.stderr.write(f"line {problem.row}, {problem.column}: {problem.message}")
                raise CommandError(str(error.message)) from None
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"{result.rows} records imported for {organisation.acronym}.")
