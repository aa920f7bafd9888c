from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import credentials, lockout, signals  # noqa: F401

        # Each case app's `auditing.py` names its cases in the audit trail (audit.py).
        autodiscover_modules("auditing")


class AmanaAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.AmanaAdminSite"
