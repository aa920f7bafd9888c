"""The registry's pages, one module of routes per area."""

from .urls_ctdc import urlpatterns as ctdc
from .urls_plans import urlpatterns as plans
from .urls_registry import urlpatterns as registry

app_name = "trafficking"

urlpatterns = [*registry, *plans, *ctdc]
