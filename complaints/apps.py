from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self) -> None:
        # Apps above this one add their sections to the case page (case_page.py) and what
        # holds a case open (closure.py).
        autodiscover_modules("case_page", "closure")
