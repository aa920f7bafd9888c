"""Every due time is computed here, from `Deadline`s that each app declares for its own
steps (e.g. `referrals/deadlines.py`).

Hours count around the clock; working days skip the operation's weekend and are counted
in its time zone (`AMANA_OPERATION_TIME_ZONE`, `AMANA_WORKING_DAYS`). Each deadline can be
overridden by name in `settings.AMANA_DEADLINES`, e.g. {"acknowledgement": (1, "days")}.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.conf import settings

Unit = Literal["hours", "days", "working_days"]


@dataclass(frozen=True)
class Deadline:
    name: str
    amount: int
    unit: Unit

    def rule(self) -> tuple[int, str]:
        """(amount, unit), as overridden in settings or by default."""
        overrides = getattr(settings, "AMANA_DEADLINES", {}) or {}
        amount, unit = overrides.get(self.name, (self.amount, self.unit))
        return int(amount), unit

    def after(self, start: datetime) -> datetime:
        """When the step started at `start` is due."""
        amount, unit = self.rule()
        if unit == "hours":
            return start + timedelta(hours=amount)
        if unit == "days":
            return start + timedelta(days=amount)
        if unit == "working_days":
            return add_working_days(start, amount)
        raise ValueError(f"unknown unit {unit!r} for deadline {self.name!r}")

    def started_before(self, now: datetime) -> datetime:
        """The latest start whose step is due by `now` (for around-the-clock units)."""
        return now - (self.after(now) - now)


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


# This app's own deadline: an ignored reminder goes to the coordinators after it.
ESCALATION = Deadline("escalation", 24, "hours")
