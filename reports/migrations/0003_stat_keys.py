from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_retained_cell"),
    ]

    operations = [
        migrations.CreateModel(
            name="StatRelease",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("built_at", models.DateTimeField()),
                ("cells", models.PositiveIntegerField(default=0)),
            ],
            options={"ordering": ["-built_at"]},
        ),
        migrations.AddField(
            model_name="statcell",
            name="perturbed",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="statcell",
            name="key_sum",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="retainedcell",
            name="key_sum",
            field=models.PositiveBigIntegerField(default=0),
        ),
    ]
