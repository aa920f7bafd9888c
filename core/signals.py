from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .audit import audit_log


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit_log(actor=user, action="user.login", obj=user)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_log(actor=user, action="user.logout", obj=user)
