from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraffickingConfig(AppConfig):
    name = "trafficking"
    verbose_name = _("Counter-trafficking")
