# Location moves to core (every app uses places) and StatCell to reports (statistics
# read every app). No row is copied: tables are renamed, so primary keys and every
# foreign key pointing at them (complaints, focal points' coverage, training sessions,
# statistics cells) stay as they were.

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the content type (and the permissions hanging from it) of the moved model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="core", model="location").exists():
        ContentType.objects.filter(app_label="complaints", model="location").update(
            app_label="core"
        )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="complaints", model="location").exists():
        ContentType.objects.filter(app_label="core", model="location").update(
            app_label="complaints"
        )


class Migration(migrations.Migration):

    dependencies = [
        ('complaints', '0004_country_names'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('core', '0004_location'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='statcell', name='admin1'),
                migrations.RemoveField(model_name='statcell', name='organisation'),
                migrations.DeleteModel(name='StatCell'),  # the table is renamed by reports 0001
                migrations.AlterField(
                    model_name='complaint',
                    name='location',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='core.location', verbose_name='location'),
                ),
            ],
            database_operations=[],
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Location')],
            database_operations=[migrations.AlterModelTable(name='location', table='core_location')],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
