from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .approvals import credential_write_is_allowed
from .audit import audit_log
from .errors import ApplicationError
from .models import User
from .permissions import holds_case_role


@receiver(user_logged_in)
def _audit_login(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_log(actor=user, action="user.login", obj=user)


@receiver(user_logged_out)
def _audit_logout(sender: type, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="user.logout", obj=user)


@receiver(pre_save, sender=User)
def _refuse_unapproved_password(
    sender: type[User], instance: User, raw: bool = False, **kwargs: Any
) -> None:
    """A new password for an account holding a case role goes through the services, which
    apply the separation-of-duties rule (core.approvals); nothing else may set one."""
    if raw or instance._state.adding or credential_write_is_allowed():
        return
    if getattr(instance, "_password", None) is None:  # no new password (or a re-hash)
        return
    stored = User.objects.filter(pk=instance.pk).first()
    if stored is not None and holds_case_role(stored.roles):
        raise ApplicationError(
            "account.password_needs_approval",
            _(
                "The password of an account that reads cases is reset by an administrator "
                "and approved by a coordinator."
            ),
            status=403,
        )
