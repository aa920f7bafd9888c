"""Every due time, computed in one place from `settings.AMANA_DEADLINES`.

Hours count around the clock; working days skip the operation's weekend and are counted
in its time zone (`AMANA_OPERATION_TIME_ZONE`, `AMANA_WORKING_DAYS`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

# name -> (amount, unit); overridable one by one in settings.AMANA_DEADLINES.
DEFAULTS: dict[str, tuple[int, str]] = {
    "screening": (24, "hours"),  # from receipt
    "sea_referral": (24, "hours"),  # from receipt
    "acknowledgement": (2, "working_days"),  # from referral
    "assistance_referral_high": (24, "hours"),  # from receipt
    "assistance_referral_medium": (72, "hours"),
    "provider_response_high": (24, "hours"),  # from assistance referral
    "provider_response_medium": (72, "hours"),
    "feedback": (7, "days"),  # from referral
    "investigation_update": (30, "days"),  # from the last update
    "escalation": (24, "hours"),  # from an unanswered reminder to the coordinator
}


def rule(name: str) -> tuple[int, str]:
    return {**DEFAULTS, **getattr(settings, "AMANA_DEADLINES", {})}[name]


def add_working_days(start: datetime, days: int) -> datetime:
    """`days` working days after `start`, at the same local time."""
    zone = ZoneInfo(settings.AMANA_OPERATION_TIME_ZONE)
    working = set(settings.AMANA_WORKING_DAYS)
    local = start.astimezone(zone)
    added = 0
    while added < days:
        local += timedelta(days=1)
        if local.weekday() in working:
            added += 1
    return local.astimezone(start.tzinfo)


def due(name: str, start: datetime, *, priority: str | None = None) -> datetime:
    """When the step `name` started at `start` is due.

    `priority` picks the high or medium variant of the assistance deadlines (low counts
    as medium).
    """
    if name in ("assistance_referral", "provider_response"):
        name = f"{name}_{'high' if priority == 'high' else 'medium'}"
    amount, unit = rule(name)
    if unit == "hours":
        return start + timedelta(hours=amount)
    if unit == "days":
        return start + timedelta(days=amount)
    if unit == "working_days":
        return add_working_days(start, amount)
    raise ValueError(f"unknown unit {unit!r} for deadline {name!r}")
