"""Sessions and keys end with the credentials they were opened with.

- A password change or reset (whatever the path: a form, the admin site, an approved
  reset, the shell) and an account's deactivation end every session of that user at
  once, rows deleted, and revoke every API key acting as them, audited. Django already
  refuses a session whose password hash is stale on its next request; deleting the rows
  also covers deactivation, after which a reactivated account would otherwise find its
  old sessions alive. A view that changes the user's own password keeps its own session
  with `update_session_auth_hash`, as Django's does (it moves the session to a new key).
- A session ends `AMANA_SESSION_ABSOLUTE_HOURS` after sign-in however busy it is, beside
  the idle timeout (`SESSION_COOKIE_AGE`, renewed by every request).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .apikeys import api_keys_revoke_for
from .audit import audit_log
from .models import User

SIGNED_IN_AT = "_amana_signed_in_at"  # seconds since the epoch, set at sign-in
_CHANGED = "_amana_credentials_changed"


def end_sessions(user: User) -> int:
    """Delete every live session of `user`; returns how many there were."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    model = store.get_model_class()
    keys = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(store().decode(session.session_data).get(SESSION_KEY)) == str(user.pk)
    ]
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


@receiver(pre_save, sender=User)
def _note_credential_change(
    sender: type[User], instance: User, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    old = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    if old["is_active"] and not instance.is_active:
        setattr(instance, _CHANGED, "deactivated")
    elif old["password"] != instance.password and not getattr(instance, "_rehashing", False):
        # Any new password (a form, an approved reset, the shell); not Django re-hashing
        # the same one at sign-in (User.check_password).
        setattr(instance, _CHANGED, "password")


@receiver(post_save, sender=User)
def _end_sessions_and_keys(sender: type[User], instance: User, **kwargs: Any) -> None:
    reason = instance.__dict__.pop(_CHANGED, None)
    if reason is None:
        return
    sessions = end_sessions(instance)
    api_keys_revoke_for(user=instance, reason=reason)
    audit_log(
        actor=None,
        action="user.sessions_ended",
        obj=instance,
        detail={"reason": reason, "sessions": sessions},
    )


@receiver(user_logged_in)
def _stamp_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = int(time.time())


class AbsoluteSessionLifetimeMiddleware:
    """Signs out a session older than `AMANA_SESSION_ABSOLUTE_HOURS` (or one that does not
    say when it signed in), with a message on the sign-in page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            lifetime = settings.AMANA_SESSION_ABSOLUTE_HOURS * 3600
            if not isinstance(started, int) or time.time() - started > lifetime:
                logout(request)
                messages.info(
                    request,
                    _("Your session has ended after %(hours)s hours. Sign in again.")
                    % {"hours": settings.AMANA_SESSION_ABSOLUTE_HOURS},
                )
        return self.get_response(request)
