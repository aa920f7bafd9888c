"""The admin site: administrators only (accounts and reference data, never cases).

Its own module because `django.contrib.auth.admin` instantiates the site while
`core.admin` is still importing.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .permissions import can_manage_accounts


class AmanaAdminSite(admin.AdminSite):
    site_header = _("Amana administration")
    site_title = _("Amana administration")
    index_title = _("Accounts and reference data")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and can_manage_accounts(request.user)
