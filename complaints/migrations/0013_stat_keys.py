"""Every case gets its own record key for the statistics' cell-key method. Adding the
column evaluates the default once for every existing row, so each existing case is then
given a key of its own."""

import secrets

from django.db import migrations, models

import complaints.models


def draw_keys(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    for pk in Complaint.objects.values_list("pk", flat=True):
        Complaint.objects.filter(pk=pk).update(stat_key=secrets.randbelow(256))


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0012_purged_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="stat_key",
            field=models.PositiveSmallIntegerField(
                default=complaints.models.new_stat_key, editable=False
            ),
        ),
        migrations.RunPython(draw_keys, migrations.RunPython.noop),
    ]
