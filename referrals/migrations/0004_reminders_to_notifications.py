# Reminders and in-app notifications move to the notifications app, which knows no
# domain app: the subject becomes a generic relation (content type and primary key)
# instead of the "<model>:<pk>" string, and the complaint column goes (the subject says
# it). Every row is copied with its id, so notifications keep pointing at their reminder
# and nothing already sent is sent again.

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
    # Explicit ids were inserted: move the id sequences past them (PostgreSQL).
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Reminder, Notification]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [
        ('referrals', '0003_alter_reminder_kind'),
        ('notifications', '0001_initial'),
        ('complaints', '0004_country_names'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.RunPython(copy_forward, migrations.RunPython.noop),
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
