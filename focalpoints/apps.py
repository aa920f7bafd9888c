from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FocalPointsConfig(AppConfig):
    name = "focalpoints"
    verbose_name = _("Focal points")

    def ready(self):
        from referrals import reminders as referral_reminders

        from . import reminders

        if reminders.action_point_rows not in referral_reminders.SOURCES:
            referral_reminders.SOURCES.append(reminders.action_point_rows)
        referral_reminders.RESOLVERS["actionpoint"] = reminders.resolve
