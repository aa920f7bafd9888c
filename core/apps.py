from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import signals  # noqa: F401


class AmanaAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "core.admin_site.AmanaAdminSite"
