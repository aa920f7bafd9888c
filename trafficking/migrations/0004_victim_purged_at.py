from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("trafficking", "0003_victim_majority"),
    ]

    operations = [
        migrations.AddField(
            model_name="victim",
            name="purged_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
