from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Each app's `reminders.py` registers its reminder kinds (see registry.py), the
        # way the admin finds each app's `admin.py`: this app imports no domain app.
        autodiscover_modules("reminders")
