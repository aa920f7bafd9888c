"""Reads of accounts shared by every app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import User
from .roles import ROLE_FIELDS, Role


def role_holders(role: Role) -> QuerySet[User]:
    """Active accounts holding `role` (e.g. the coordinators a reminder escalates to)."""
    return User.objects.filter(is_active=True, **{ROLE_FIELDS[role]: True})
