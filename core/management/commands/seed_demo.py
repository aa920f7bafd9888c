import base64
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
# Every demo account's authenticator key (hex; base32 below): add it to an authenticator
# app, or print the current code with `manage.py demo_code`. Published, so demo only.
DEMO_TOTP_KEY = "616d616e612d64656d6f2d6f6e6c792d6b657921"  # "amana-demo-only-key!"
DEMO_TOTP_SECRET = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode().rstrip("=")

ORGANISATIONS = [
    ("UN Refugee Relief Agency", "UNRRA", Organisation.Type.UN_AGENCY),
    ("UN Children's Fund for Crisis", "UNCFC", Organisation.Type.UN_AGENCY),
    ("Global Aid International", "GAI", Organisation.Type.INGO),
    ("Hope Bridge Association", "HBA", Organisation.Type.NNGO),
    ("Safe Haven Health Centre", "SHHC", Organisation.Type.NNGO),
    ("National Anti-Trafficking Commission", "NATC", Organisation.Type.GOVERNMENT),
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
    ("trafficking", "GAI", Role.COUNTER_TRAFFICKING),
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
        accounts = {}
        for username, acronym, role in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = services.user_save(
                    actor=None,
                    user=User(
                        username=username, first_name=str(role.label), organisation=orgs[acronym]
                    ),
                    changed=["username", "organisation"],
                    password=DEMO_PASSWORD,
                ).user
                created += 1
            accounts[username] = (user, role)
        # Roles go through the separation-of-duties rule like anyone's: the first
        # coordinator is bootstrapped, the administrator asks for the other case roles and
        # the coordinator approves them.
        coordinator, _role = accounts["coordinator"]
        if not User.objects.filter(is_active=True, is_coordinator=True).exists():
            services.coordinator_bootstrap(user=coordinator)
        admin, _role = accounts["admin"]
        handover: dict[int, str] = {}
        for user, role in sorted(accounts.values(), key=lambda item: item[1] != Role.ADMIN):
            if role in user.roles:
                continue
            setattr(user, ROLE_FIELDS[role], True)
            outcome = services.user_save(
                actor=None if user == admin else admin, user=user, changed=[ROLE_FIELDS[role]]
            )
            if outcome.request is not None:
                decided = services.account_request_decide(
                    actor=coordinator, request=outcome.request, approve=True
                )
                handover[user.pk] = decided.handover_code
        # Each demo account signs in with the published authenticator key (enrolled with
        # the set-up code the approving coordinator would have handed over).
        for user, _role in accounts.values():
            user.refresh_from_db()
            if user.second_factor_since is None:
                device = services.second_factor_enrolment_start(user=user, key=DEMO_TOTP_KEY)
                services.second_factor_enrol(
                    user=user, device=device, handover_code=handover.get(user.pk)
                )
        # Each domain app may add its own demo data in a `demo.py` with `load(stdout)`.
        for app in apps.get_app_configs():
            if module_has_submodule(app.module, "demo"):
                import_module(f"{app.name}.demo").load(self.stdout)
        self.stdout.write(f"Demo data ready ({created} users created).")
        self.stdout.write("Demo accounts (demo only, never in production):")
        for username, acronym, role in USERS:
            self.stdout.write(f"  {username:<13} {role.label:<28} {acronym:<6} {DEMO_PASSWORD}")
        self.stdout.write(
            f"Second factor of every demo account: the authenticator key {DEMO_TOTP_SECRET}\n"
            "(add it to an authenticator app) or the code printed by `manage.py demo_code`."
        )
