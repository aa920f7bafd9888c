from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from .audit import audit_log
from .models import User


@receiver(user_logged_in)
def _audit_login(sender: type[User], request: HttpRequest, user: User, **kwargs: Any) -> None:
    audit_log(actor=user, action="user.login", obj=user)


@receiver(user_logged_out)
def _audit_logout(sender: type, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="user.logout", obj=user)
