# Reminders and in-app notifications move to the notifications app, which knows no
# domain app: the subject becomes a generic relation (content type and primary key)
# instead of the "<model>:<pk>" string, and the complaint column goes (the subject says
# it). Every row is copied with its id, so notifications keep pointing at their reminder
# and nothing already sent is sent again; unapplying copies them back the same way.

import uuid

from django.core.management.color import no_style
from django.db import migrations

# The prefix of the old subject string -> the subject's model.
SUBJECTS = {
    "investigation": ("referrals", "investigationreferral"),
    "assistance": ("referrals", "assistancereferral"),
    "complaint": ("complaints", "complaint"),
    "actionpoint": ("focalpoints", "actionpoint"),
    "refresher": ("focalpoints", "focalpoint"),
}


def copy_forward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldReminder = apps.get_model("referrals", "Reminder")
    OldNotification = apps.get_model("referrals", "Notification")
    Reminder = apps.get_model("notifications", "Reminder")
    Notification = apps.get_model("notifications", "Notification")
    types = {}
    reminders = []
    for old in OldReminder.objects.order_by("pk").iterator():
        prefix, _sep, pk = old.subject_id.partition(":")
        if prefix not in types:
            app_label, model = SUBJECTS[prefix]
            types[prefix], _created = ContentType.objects.get_or_create(
                app_label=app_label, model=model
            )
        reminders.append(
            Reminder(
                pk=old.pk, kind=old.kind, stage=old.stage, content_type=types[prefix],
                object_id=pk, due_at=old.due_at, created_at=old.created_at,
                claimed_at=old.claimed_at, sent_at=old.sent_at, attempts=old.attempts,
            )
        )  # fmt: skip
    Reminder.objects.bulk_create(reminders, batch_size=1000)
    Notification.objects.bulk_create(
        [
            Notification(
                pk=old.pk, user_id=old.user_id, reminder_id=old.reminder_id, text=old.text,
                link=old.link, created_at=old.created_at, read_at=old.read_at,
            )
            for old in OldNotification.objects.order_by("pk").iterator()
        ],  # fmt: skip
        batch_size=1000,
    )
    _reset_sequences(schema_editor, [Reminder, Notification])


def copy_backward(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    OldReminder = apps.get_model("referrals", "Reminder")
    OldNotification = apps.get_model("referrals", "Notification")
    Reminder = apps.get_model("notifications", "Reminder")
    Notification = apps.get_model("notifications", "Notification")
    InvestigationReferral = apps.get_model("referrals", "InvestigationReferral")
    AssistanceReferral = apps.get_model("referrals", "AssistanceReferral")
    prefixes = {
        content_type.pk: prefix
        for prefix, (app_label, model) in SUBJECTS.items()
        for content_type in ContentType.objects.filter(app_label=app_label, model=model)
    }
    complaint_of = {
        "investigation": dict(InvestigationReferral.objects.values_list("pk", "complaint_id")),
        "assistance": dict(AssistanceReferral.objects.values_list("pk", "complaint_id")),
    }
    reminders = []
    for new in Reminder.objects.order_by("pk").iterator():
        prefix = prefixes[new.content_type_id]
        if prefix == "complaint":
            complaint_id = new.object_id
        elif prefix in complaint_of:
            key = int(new.object_id) if prefix == "investigation" else uuid.UUID(new.object_id)
            complaint_id = complaint_of[prefix].get(key)
        else:
            complaint_id = None
        reminders.append(
            OldReminder(
                pk=new.pk, kind=new.kind, stage=new.stage, subject_id=f"{prefix}:{new.object_id}",
                complaint_id=complaint_id, due_at=new.due_at, created_at=new.created_at,
                claimed_at=new.claimed_at, sent_at=new.sent_at, attempts=new.attempts,
            )
        )  # fmt: skip
    OldReminder.objects.bulk_create(reminders, batch_size=1000)
    OldNotification.objects.bulk_create(
        [
            OldNotification(
                pk=new.pk, user_id=new.user_id, reminder_id=new.reminder_id, text=new.text,
                link=new.link, created_at=new.created_at, read_at=new.read_at,
            )
            for new in Notification.objects.order_by("pk").iterator()
        ],  # fmt: skip
        batch_size=1000,
    )
    _reset_sequences(schema_editor, [OldReminder, OldNotification])


def _reset_sequences(schema_editor, models):
    """Explicit ids were inserted: move the id sequences past them (PostgreSQL)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0003_alter_reminder_kind'),
        ('notifications', '0001_initial'),
        ('complaints', '0004_country_names'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(copy_forward, copy_backward),
        migrations.RemoveField(
            model_name='reminder',
            name='complaint',
        ),
        migrations.DeleteModel(
            name='Notification',
        ),
        migrations.DeleteModel(
            name='Reminder',
        ),
    ]
