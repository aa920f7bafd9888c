from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    name = "focalpoints"
    verbose_name = _("Focal points")
