"""Integration keys (issue 12): an API key may act as a user, within a scope, until it
expires. DRF's plain-text tokens are retired: their table goes (every token in it was
readable by whoever read the database or a backup), and each holder is recorded in the
audit trail ("apikey.token_retired") so a coordinator knows whose integration needs a new
key, issued by the holder on /account/keys/."""

from django.db import migrations, models
import django.db.models.deletion
from django.utils import timezone


def retire_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT user_id FROM authtoken_token")
        user_ids = sorted(row[0] for row in cursor.fetchall())
    AuditEvent = apps.get_model("core", "AuditEvent")
    User = apps.get_model("core", "User")
    organisations = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "organisation_id"))
    now = timezone.now()
    for user_id in user_ids:
        AuditEvent.objects.create(
            at=now,
            actor_organisation_id=organisations.get(user_id),
            action="apikey.token_retired",
            object_type="core.user",
            object_id=str(user_id),
            detail={"reason": "plain_text_token"},
        )
    schema_editor.execute("DROP TABLE authtoken_token")
    schema_editor.execute("DELETE FROM django_migrations WHERE app = 'authtoken'")


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0006_user_is_auditor"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="api_keys",
                to="core.user",
                verbose_name="acts as",
            ),
        ),
        migrations.AddField(
            model_name="apikey",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expires"),
        ),
        migrations.AlterField(
            model_name="apikey",
            name="scope",
            field=models.CharField(
                choices=[
                    ("network", "Network-wide aggregates"),
                    ("organisation", "Also the organisation's own cases"),
                    ("intake", "Log complaints"),
                    ("cases", "Log complaints and read those its holder may see"),
                ],
                default="network",
                max_length=15,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(retire_drf_tokens, migrations.RunPython.noop),
    ]
