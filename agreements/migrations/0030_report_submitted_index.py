from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0029_election_tallies"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(fields=["submitted_at", "id"], name="report_submitted_idx"),
        ),
    ]
