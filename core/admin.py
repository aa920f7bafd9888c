"""The admin site belongs to administrators alone: accounts and reference data.

No case model is registered here with read access; an administrator never reads cases.
Every save goes through the services, so it is validated and audited like any other.
(`AmanaAdminSite` lets in signed-in administrators only: `request.user` is a `User`.)
"""

from typing import Any, cast

from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Location, Organisation, User
from .permissions import can_manage_accounts
from .roles import ROLE_FIELDS


class AdministratorOnly:
    """Model admins for administrators; nothing is ever deleted (the audit refers to it)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return can_manage_accounts(request.user)

    has_view_permission = has_add_permission = has_change_permission = (
        lambda self, request, obj=None: can_manage_accounts(request.user)
    )

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReferenceDataAdmin(AdministratorOnly, admin.ModelAdmin):
    """Organisations, the location list: saved through the service, audited."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        services.reference_data_save(
            actor=cast(User, request.user), obj=obj, changed=form.changed_data
        )


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    list_display = ["acronym", "name", "type", "network_member", "is_active"]
    list_filter = ["type", "network_member", "is_active"]
    search_fields = ["acronym", "name"]
    filter_horizontal = ["funded_by"]


ROLE_FIELDNAMES = list(ROLE_FIELDS.values())


@admin.register(Location)
class LocationAdmin(ReferenceDataAdmin):
    list_display = ["name", "level", "parent", "code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(User)
class UserAdmin(AdministratorOnly, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    list_display = ["username", "organisation", "email", "is_active", *ROLE_FIELDNAMES]
    list_filter = ["organisation", "is_active", *ROLE_FIELDNAMES]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Organisation and roles"), {"fields": ["organisation", *ROLE_FIELDNAMES]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "organisation", "password1", "password2"],
            },
        ),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: User | None = None) -> list[str]:
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            readonly += ROLE_FIELDNAMES  # nobody grants themself a role
        return readonly

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        services.user_save(actor=cast(User, request.user), user=obj, changed=form.changed_data)


@admin.register(AccessAttempt)
class LockoutAdmin(AdministratorOnly, admin.ModelAdmin):
    """Failed sign-ins; deleting an entry unlocks the account at once."""

    list_display = ["username", "failures_since_start", "attempt_time"]
    fields = ["username", "failures_since_start", "attempt_time"]
    # Names only, so valid as both; the stubs give the two invariant list types that differ.
    readonly_fields = fields  # type: ignore[assignment]
    search_fields = ["username"]
    actions = ["delete_selected"]

    def has_add_permission(self, request: HttpRequest, obj: AccessAttempt | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AccessAttempt | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AccessAttempt | None = None) -> bool:
        return can_manage_accounts(request.user)

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        services.lockout_clear(actor=cast(User, request.user), attempts=[obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        services.lockout_clear(actor=cast(User, request.user), attempts=list(queryset))
