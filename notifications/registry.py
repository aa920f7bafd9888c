"""The typed registration API through which domain apps plug into reminders.

This app knows no domain app. Each app describes its late items once, in its own
`reminders.py`, as a `ReminderKind`, and registers it with `reminder_kinds.register`:

- `due_items(now)` yields `(subject, due_at)` for everything late (a source scanned by
  beat every minute); kinds without one are notices queued by a service
  (`services.notice_queue`).
- `deliver(subject, stage)` says who is told, the link and the label (a reference,
  never a name or a detail) for a reminder or an escalation.
- `still_late(subject, due_at)`, when given, makes an ignored reminder escalate to the
  coordinators after the escalation delay while the item is still late.

A subject is any model instance; the `Reminder` row points at it through a generic
relation (content type and primary key), never a hand-parsed string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model

from core.registry import Registry

Due = tuple[Model, datetime]


@dataclass(frozen=True)
class Delivery:
    users: Iterable[Any]  # accounts to notify (in-app, and e-mail where they have one)
    link: str
    label: str


@dataclass(frozen=True)
class ReminderKind:
    code: str
    title: Any  # a lazy translatable string
    deliver: Callable[[Any, str], Delivery]
    due_items: Callable[[datetime], Iterable[Due]] | None = None
    still_late: Callable[[Any, datetime], bool] | None = None

    @property
    def escalates(self) -> bool:
        return self.still_late is not None


class ReminderKinds(Registry[ReminderKind]):
    """The registered kinds, by code."""

    def __init__(self) -> None:
        super().__init__(lambda kind: kind.code, "reminder kind")

    def escalating(self) -> list[str]:
        return [kind.code for kind in self if kind.escalates]


reminder_kinds = ReminderKinds()
