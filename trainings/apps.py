from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Trainings")

    def ready(self):
        from referrals import reminders as referral_reminders

        from . import reminders

        if reminders.refresher_rows not in referral_reminders.SOURCES:
            referral_reminders.SOURCES.append(reminders.refresher_rows)
        referral_reminders.RESOLVERS["refresher"] = reminders.resolve
