from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0010_lock_existing_cases"),
    ]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="submission_digest",
            field=models.CharField(blank=True, default="", editable=False, max_length=64),
        ),
    ]
