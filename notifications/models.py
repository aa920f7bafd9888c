from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import reminder_kinds


class Reminder(models.Model):
    """One reminder, escalation or notice, made from the database state and sent once.

    `kind` is the code of a registered `ReminderKind` (no choices: a new kind needs no
    migration). The subject is any model row, through a generic relation. The unique
    constraint makes two beats (or a backlog after an outage) create one row; the
    conditional claim makes one worker send it; `sent_at` records that it went.
    """

    class Stage(models.TextChoices):
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Escalation to the coordinator")

    kind = models.CharField(max_length=32)
    stage = models.CharField(max_length=12, choices=Stage.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "stage", "content_type", "object_id", "due_at"],
                name="reminder_once_per_subject",
            )
        ]
        indexes = [
            models.Index(fields=["sent_at", "claimed_at"], name="reminder_unsent"),
            models.Index(fields=["content_type", "object_id"], name="reminder_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.stage} {self.content_type_id}:{self.object_id}"

    def get_kind_display(self) -> str:
        if self.kind in reminder_kinds:
            return str(reminder_kinds.get(self.kind).title)
        return self.kind


class Notification(models.Model):
    """An in-app notice: a reference and a link, never names or details."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    text = models.CharField(max_length=200)
    link = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "reminder"], name="notification_once_per_user")
        ]

    def __str__(self) -> str:
        return self.text
