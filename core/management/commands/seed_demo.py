from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core import services
from core.models import Organisation, User
from core.roles import ROLE_FIELDS, Role

# Demo only: published in the README and printed by `make run`.
DEMO_PASSWORD = "amana-demo-2026"  # noqa: S105 (published demo credential)

ORGANISATIONS = [
    ("UN Refugee Relief Agency", "UNRRA", Organisation.Type.UN_AGENCY),
    ("UN Children's Fund for Crisis", "UNCFC", Organisation.Type.UN_AGENCY),
    ("Global Aid International", "GAI", Organisation.Type.INGO),
    ("Hope Bridge Association", "HBA", Organisation.Type.NNGO),
    ("Safe Haven Health Centre", "SHHC", Organisation.Type.NNGO),
]

# username, organisation, role
USERS = [
    ("focal", "GAI", Role.FOCAL_POINT),
    ("coordinator", "UNRRA", Role.COORDINATOR),
    ("investigator", "UNCFC", Role.INVESTIGATOR),
    ("provider", "SHHC", Role.SERVICE_PROVIDER),
    ("analyst", "HBA", Role.ANALYST),
    ("admin", "UNRRA", Role.ADMIN),
    ("auditor", "UNRRA", Role.AUDITOR),
]


class Command(BaseCommand):
    help = "Create demo organisations and one demo user per role. Safe to run twice."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.AMANA_DEMO_ALLOWED:
            raise CommandError("seed_demo refuses to run here: demo accounts are for demos only.")
        orgs = {}
        for name, acronym, org_type in ORGANISATIONS:
            org = Organisation.objects.filter(acronym=acronym).first()
            if org is None:
                org = services.reference_data_save(
                    actor=None,
                    obj=Organisation(name=name, acronym=acronym, type=org_type),
                    changed=["name", "acronym", "type"],
                )
            orgs[acronym] = org
        created = 0
        for username, acronym, role in USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(
                username=username,
                first_name=str(role.label),
                organisation=orgs[acronym],
                **{ROLE_FIELDS[role]: True},
            )
            services.user_save(
                actor=None,
                user=user,
                changed=["username", "organisation", ROLE_FIELDS[role]],
                password=DEMO_PASSWORD,
            )
            created += 1
        # Each domain app may add its own demo data in a `demo.py` with `load(stdout)`.
        for app in apps.get_app_configs():
            if module_has_submodule(app.module, "demo"):
                import_module(f"{app.name}.demo").load(self.stdout)
        self.stdout.write(f"Demo data ready ({created} users created).")
        self.stdout.write("Demo accounts (demo only, never in production):")
        for username, acronym, role in USERS:
            self.stdout.write(f"  {username:<13} {role.label:<17} {acronym:<6} {DEMO_PASSWORD}")
