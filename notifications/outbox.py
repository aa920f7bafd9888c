"""The outbox engine: reminders, escalations and notices found from the database and
sent exactly once.

`reminders_create` asks every registered kind (registry.py) for its late items and turns
them into `Reminder` rows; a unique constraint makes a second beat, or a backlog after
an outage, create nothing new. `reminders_send` claims each unsent row with a
conditional UPDATE (healthchecks' sendalerts), so one worker sends it; a worker that dies
mid-send leaves a claim that expires after the lease, and the row is sent by the next
run. Messages carry a reference and a link, never names or details.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db.models import Exists, Model, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .deadlines import ESCALATION
from .models import Notification, Reminder
from .registry import reminder_kinds

logger = logging.getLogger(__name__)
Stage = Reminder.Stage


def reminder_row(kind: str, stage: str, subject: Model, due_at: datetime) -> Reminder:
    return Reminder(
        kind=kind,
        stage=stage,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        due_at=due_at,
    )


def reminders_create(now: datetime | None = None) -> int:
    """Rows for everything due and not yet reminded of; returns how many are new."""
    now = now or timezone.now()
    rows = [
        reminder_row(kind.code, Stage.REMINDER, subject, due_at)
        for kind in reminder_kinds
        if kind.due_items is not None
        for subject, due_at in kind.due_items(now)
    ]
    rows += _escalations(now)
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return Reminder.objects.count() - before


def _escalations(now: datetime) -> list[Reminder]:
    """A reminder ignored for the escalation delay goes to the coordinators, once, while
    the item is still late. Only reminders not yet escalated and not older than a month
    are scanned (beyond that the item is on the coordinator's overdue list anyway)."""
    escalated = Reminder.objects.filter(
        stage=Stage.ESCALATION,
        kind=OuterRef("kind"),
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        due_at=OuterRef("due_at"),
    )
    ignored = (
        Reminder.objects.filter(
            stage=Stage.REMINDER,
            kind__in=reminder_kinds.escalating(),
            sent_at__lte=ESCALATION.started_before(now),
            sent_at__gte=now - timedelta(days=30),
        )
        .exclude(Exists(escalated))
        .prefetch_related("subject")
    )
    rows = []
    for reminder in ignored:
        kind = reminder_kinds.get(reminder.kind)
        subject = reminder.subject
        if subject is not None and kind.still_late and kind.still_late(subject, reminder.due_at):
            rows.append(
                Reminder(
                    kind=reminder.kind,
                    stage=Stage.ESCALATION,
                    content_type_id=reminder.content_type_id,
                    object_id=reminder.object_id,
                    due_at=reminder.due_at,
                )
            )
    return rows


def _deliver(reminder: Reminder) -> None:
    kind = reminder_kinds.get(reminder.kind)
    delivery = kind.deliver(reminder.subject, reminder.stage)
    users = list(delivery.users)
    with translation.override(settings.LANGUAGE_CODE):
        stage = _("Escalation") if reminder.stage == Stage.ESCALATION else _("Reminder")
        text = f"{stage}: {kind.title} · {delivery.label}"
    Notification.objects.bulk_create(
        [
            Notification(user=user, reminder=reminder, text=text, link=delivery.link)
            for user in users
        ],
        ignore_conflicts=True,
    )
    for user in users:
        if user.email:
            send_mail(
                subject=f"Amana · {text}",
                message=f"{text}\n\n{settings.SITE_URL}{delivery.link}\n",
                from_email=None,
                recipient_list=[user.email],
                fail_silently=False,
            )


def reminders_send(now: datetime | None = None) -> int:
    """Send every unsent reminder once; returns how many were sent."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.AMANA_REMINDER_LEASE_SECONDS)
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)
    sent = 0
    pending = Reminder.objects.filter(claimable, sent_at__isnull=True)
    for reminder in pending.select_related("content_type").order_by("created_at"):
        claimed = Reminder.objects.filter(claimable, pk=reminder.pk, sent_at__isnull=True).update(
            claimed_at=now, attempts=reminder.attempts + 1
        )
        if claimed != 1:
            continue  # another worker has it
        if reminder.subject is None:
            # Its subject was deleted: nothing is left to tell anyone about.
            logger.warning("reminder %s has no subject any more; not sent", reminder.pk)
            Reminder.objects.filter(pk=reminder.pk, claimed_at=now).update(sent_at=now)
            continue
        try:
            _deliver(reminder)
        except Exception:
            # Kept, not lost: the claim expires and the next run sends it again.
            logger.exception("reminder %s could not be sent; will retry", reminder.pk)
            continue
        sent += Reminder.objects.filter(pk=reminder.pk, claimed_at=now).update(sent_at=now)
    return sent
