"""The admin site belongs to administrators alone: accounts and reference data.

No case model is registered here with read access; an administrator never reads cases.
Every save goes through the services, so it is validated and audited like any other.
(`AmanaAdminSite` lets in signed-in administrators only: `request.user` is a `User`.)
"""

from typing import Any, cast

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .account_forms import ResetForm
from .models import AccountRequest, Location, Organisation, User
from .permissions import can_manage_accounts
from .roles import ROLE_FIELDS

# Shown when a change became a request (separation of duties, core.permissions).
WAITS_FOR_APPROVAL = _(
    "Part of this change gives access to cases or resets a credential of an account that "
    "has it: it waits for a coordinator's approval and takes effect when one approves it."
)


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
    readonly_fields = ["last_login", "date_joined", "second_factor", "pending_requests"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Organisation and roles"), {"fields": ["organisation", *ROLE_FIELDNAMES]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_active",
                    "last_login",
                    "date_joined",
                    "second_factor",
                    "pending_requests",
                ]
            },
        ),
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
        outcome = services.user_save(
            actor=cast(User, request.user), user=obj, changed=form.changed_data
        )
        if outcome.request is not None:
            messages.warning(request, WAITS_FOR_APPROVAL)

    @admin.display(description=_("second factor"))
    def second_factor(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        status = (
            gettext("set up on %(since)s") % {"since": f"{obj.second_factor_since:%Y-%m-%d}"}
            if obj.second_factor_since
            else gettext("not set up")
        )
        url = reverse("admin:core_user_second_factor_reset", args=[obj.pk])
        return format_html('{} · <a href="{}">{}</a>', status, url, gettext("Reset"))

    @admin.display(description=_("waiting for approval"))
    def pending_requests(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        pending = obj.account_requests.filter(status=AccountRequest.Status.PENDING)
        return ", ".join(str(item.get_kind_display()) for item in pending) or "—"

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<id>/second-factor-reset/",
                self.admin_site.admin_view(self.second_factor_reset_view),
                name="core_user_second_factor_reset",
            ),
            *super().get_urls(),
        ]

    def _change_url(self, user: User) -> str:
        return reverse("admin:core_user_change", args=[user.pk])

    def second_factor_reset_view(self, request: HttpRequest, id: str) -> HttpResponse:
        """Reset an account's second factor (a lost phone), confirmed by a tick box; for an
        account holding a case role it becomes a request (separation of duties)."""
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_change_permission(request, user):
            raise Http404
        form = ResetForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            pending = services.second_factor_reset(actor=cast(User, request.user), user=user)
            if pending is not None:
                messages.warning(request, WAITS_FOR_APPROVAL)
            else:
                messages.success(
                    request,
                    gettext("The second factor was reset: it is set up again at the next sign-in."),
                )
            return redirect(self._change_url(user))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Reset the second factor: %(name)s") % {"name": user.get_username()},
            "form": form,
            "original": user,
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/core/user/second_factor_reset.html", context)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page, but the new password goes through the service: for someone else's
        account holding a case role it becomes a request (separation of duties)."""
        user = self.get_object(request, unquote(id))
        if (
            request.method == "POST"
            and user is not None
            and self.has_change_permission(request, user)
        ):
            form = self.change_password_form(user, request.POST)
            if form.is_valid() and (
                form.cleaned_data["set_usable_password"] or "unset-password" in request.POST
            ):
                actor = cast(User, request.user)
                password = (
                    form.cleaned_data["password1"]
                    if form.cleaned_data["set_usable_password"]
                    else None
                )
                pending = services.user_password_set(actor=actor, user=user, password=password)
                if pending is not None:
                    messages.warning(request, WAITS_FOR_APPROVAL)
                else:
                    messages.success(request, gettext("Password changed successfully."))
                    if user.pk == actor.pk:
                        update_session_auth_hash(request, user)
                return redirect(self._change_url(user))
        return super().user_change_password(request, id, form_url)


@admin.register(AccountRequest)
class AccountRequestAdmin(AdministratorOnly, admin.ModelAdmin):
    """What administrators asked and what the coordinators decided; read only here (the
    coordinators decide on their own page)."""

    list_display = [
        "user",
        "kind",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["kind", "status"]
    list_select_related = ["user", "requested_by", "decided_by"]
    fields = [
        "user",
        "kind",
        "roles",
        "organisation",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields  # type: ignore[assignment]

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


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
