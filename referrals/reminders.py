"""Reminders and escalations: found from the database, sent exactly once.

`reminders_create` turns late items into `Reminder` rows; a unique constraint makes a
second beat, or a backlog after an outage, create nothing new. `reminders_send` claims
each unsent row with a conditional UPDATE (healthchecks' sendalerts), so one worker sends
it; a worker that dies mid-send leaves a claim that expires after the lease, and the row
is sent by the next run. Messages carry a reference and a link, never names or details.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from complaints import codes
from complaints.models import Complaint
from core.models import User

from . import deadlines, grants
from .models import (
    AssistanceReferral,
    AssistanceStatus,
    InvestigationReferral,
    InvestigationStatus,
    Notification,
    Reminder,
)

logger = logging.getLogger(__name__)
Kind, Stage = Reminder.Kind, Reminder.Stage
ESCALATING = {Kind.ACKNOWLEDGEMENT, Kind.PROVIDER_RESPONSE, Kind.INVESTIGATION_UPDATE}

# Other apps add their own late items: SOURCES make rows, RESOLVERS say for a subject
# prefix who gets it, the link and the label (see focalpoints/reminders.py).
SOURCES: list = []
RESOLVERS: dict = {}


def _rows(kind, items, subject, due, complaint_id):
    return [
        Reminder(
            kind=kind,
            stage=Stage.REMINDER,
            subject_id=subject(item),
            due_at=due(item),
            complaint_id=complaint_id(item),
        )
        for item in items
    ]


def _still_late(reminder: Reminder) -> bool:
    pk = reminder.subject_id.split(":", 1)[1]
    if reminder.kind == Kind.ACKNOWLEDGEMENT:
        return InvestigationReferral.objects.filter(
            pk=pk, status=InvestigationStatus.REFERRED
        ).exists()
    if reminder.kind == Kind.INVESTIGATION_UPDATE:
        return InvestigationReferral.objects.filter(pk=pk, update_due_at=reminder.due_at).exists()
    if reminder.kind == Kind.PROVIDER_RESPONSE:
        return AssistanceReferral.objects.filter(pk=pk, status=AssistanceStatus.REFERRED).exists()
    return False


def reminders_create(now=None) -> int:
    """Rows for everything due and not yet reminded of; returns how many are new."""
    now = now or timezone.now()
    rows = []
    rows += _rows(
        Kind.ACKNOWLEDGEMENT,
        InvestigationReferral.objects.filter(
            status=InvestigationStatus.REFERRED, acknowledgement_due_at__lte=now
        ),
        lambda r: f"investigation:{r.pk}",
        lambda r: r.acknowledgement_due_at,
        lambda r: r.complaint_id,
    )
    rows += _rows(
        Kind.INVESTIGATION_UPDATE,
        InvestigationReferral.objects.filter(
            withdrawn_at__isnull=True, update_due_at__lte=now
        ).exclude(status=InvestigationStatus.REFERRED),
        lambda r: f"investigation:{r.pk}",
        lambda r: r.update_due_at,
        lambda r: r.complaint_id,
    )
    rows += _rows(
        Kind.PROVIDER_RESPONSE,
        AssistanceReferral.objects.filter(
            status=AssistanceStatus.REFERRED, response_due_at__lte=now
        ).only("pk", "response_due_at", "complaint_id"),
        lambda r: f"assistance:{r.pk}",
        lambda r: r.response_due_at,
        lambda r: r.complaint_id,
    )
    screening_cutoff = now - (deadlines.due("screening", now) - now)
    rows += _rows(
        Kind.SCREENING,
        Complaint.objects.filter(
            status=codes.Status.RECEIVED, submitted_at__lte=screening_cutoff
        ).only("pk", "submitted_at"),
        lambda c: f"complaint:{c.pk}",
        lambda c: deadlines.due("screening", c.submitted_at),
        lambda c: c.pk,
    )
    # SEA allegations not referred within 24 hours of receipt (unless the affiliation is
    # unknown: then the case stays with the coordinator by design).
    referral_cutoff = now - (deadlines.due("sea_referral", now) - now)
    rows += _rows(
        Kind.SEA_REFERRAL,
        Complaint.objects.filter(
            classification__in=[codes.Classification.SEA, codes.Classification.POSSIBLE_SEA],
            status=codes.Status.SCREENED,
            implicated_unknown=False,
            received_at__lte=referral_cutoff,
        ).only("pk", "received_at"),
        lambda c: f"complaint:{c.pk}",
        lambda c: deadlines.due("sea_referral", c.received_at),
        lambda c: c.pk,
    )
    # Feedback to the complainant, due after a referral and after an outcome.
    feedback_delay = deadlines.due("feedback", now) - now
    wants_feedback = ~Q(complaint__feedback_channel=codes.FeedbackChannel.NONE)
    for field in ("referred_at", "outcome_at"):
        late = InvestigationReferral.objects.filter(
            wants_feedback, withdrawn_at__isnull=True, **{f"{field}__lte": now - feedback_delay}
        ).exclude(complaint__feedback__given_at__gte=F(field))
        rows += _rows(
            Kind.FEEDBACK,
            late.only("pk", "complaint_id", field),
            lambda r: f"complaint:{r.complaint_id}",
            lambda r, field=field: getattr(r, field) + feedback_delay,
            lambda r: r.complaint_id,
        )
    for source in SOURCES:
        rows += source(now)
    # Escalation: a reminder ignored for the escalation delay goes to the coordinators.
    ignored_since = now - (deadlines.due("escalation", now) - now)
    escalated = Reminder.objects.filter(
        stage=Stage.ESCALATION,
        kind=OuterRef("kind"),
        subject_id=OuterRef("subject_id"),
        due_at=OuterRef("due_at"),
    )
    # Only reminders not yet escalated, and not older than a month (beyond that the item
    # is on the coordinator's overdue list anyway): the scan stays small as history grows.
    for reminder in Reminder.objects.filter(
        stage=Stage.REMINDER,
        kind__in=ESCALATING,
        sent_at__lte=ignored_since,
        sent_at__gte=now - timedelta(days=30),
    ).exclude(Exists(escalated)):
        if _still_late(reminder):
            rows.append(
                Reminder(
                    kind=reminder.kind,
                    stage=Stage.ESCALATION,
                    subject_id=reminder.subject_id,
                    due_at=reminder.due_at,
                    complaint_id=reminder.complaint_id,
                )
            )
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return Reminder.objects.count() - before


def _recipients_and_link(reminder: Reminder):
    """(users, link, label) of a reminder."""
    model, pk = reminder.subject_id.split(":", 1)
    if model in RESOLVERS:
        return RESOLVERS[model](pk)
    label = reminder.complaint.reference
    coordinators = User.objects.filter(is_coordinator=True, is_active=True)
    complaint_link = reverse("complaints:detail", args=[label])
    if reminder.stage == Stage.ESCALATION or model == "complaint":
        return coordinators, complaint_link, label
    if model == "investigation":
        referral = InvestigationReferral.objects.select_related("organisation").get(pk=pk)
        link = reverse("referrals:investigation", args=[pk])
        return grants.recipients(referral.organisation), link, label
    referral = AssistanceReferral.objects.get(pk=pk)
    providers = User.objects.filter(
        organisation_id=referral.provider_id, is_service_provider=True, is_active=True
    )
    return providers, reverse("referrals:assistance", args=[pk]), label


def _deliver(reminder: Reminder) -> None:
    users, link, label = _recipients_and_link(reminder)
    users = list(users)
    with translation.override(settings.LANGUAGE_CODE):
        stage = _("Escalation") if reminder.stage == Stage.ESCALATION else _("Reminder")
        text = f"{stage}: {reminder.get_kind_display()} · {label}"
    Notification.objects.bulk_create(
        [Notification(user=user, reminder=reminder, text=text, link=link) for user in users],
        ignore_conflicts=True,
    )
    for user in users:
        if user.email:
            send_mail(
                subject=f"Amana · {text}",
                message=f"{text}\n\n{settings.SITE_URL}{link}\n",
                from_email=None,
                recipient_list=[user.email],
                fail_silently=False,
            )


def reminders_send(now=None) -> int:
    """Send every unsent reminder once; returns how many were sent."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.AMANA_REMINDER_LEASE_SECONDS)
    sent = 0
    pending = Reminder.objects.filter(sent_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)
    )
    for reminder in pending.select_related("complaint").order_by("created_at"):
        claimed = (
            Reminder.objects.filter(pk=reminder.pk, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease))
            .update(claimed_at=now, attempts=reminder.attempts + 1)
        )
        if claimed != 1:
            continue  # another worker has it
        try:
            _deliver(reminder)
        except Exception:
            # Kept, not lost: the claim expires and the next run sends it again.
            logger.exception("reminder %s could not be sent; will retry", reminder.pk)
            continue
        sent += Reminder.objects.filter(pk=reminder.pk, claimed_at=now).update(sent_at=now)
    return sent
