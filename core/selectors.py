"""Reads of accounts shared by every app."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Organisation, User
from .roles import ROLE_FIELDS, Role


def role_holders(role: Role) -> QuerySet[User]:
    """Active accounts holding `role` (e.g. the coordinators a reminder escalates to)."""
    return User.objects.filter(is_active=True, **{ROLE_FIELDS[role]: True})


def organisations_acted_for(user: Any) -> QuerySet[Organisation]:
    """The active organisations whose network records (registry entries, safe-hiring
    checks, training sessions) the user keeps: every one for a coordinator, else their own."""
    organisations = Organisation.objects.filter(is_active=True)
    if user.has_role(Role.COORDINATOR):
        return organisations
    return organisations.filter(pk=user.organisation_id)
