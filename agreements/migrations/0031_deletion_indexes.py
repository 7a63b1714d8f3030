from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0030_report_submitted_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="historicalagreement",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_agreement",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalagreementparty",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_agreementparty",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalcommitment",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_commitment",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalcommitmentassignment",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_commitmentassignment",
            ),
        ),
        migrations.AddIndex(
            model_name="historicaldocument",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_document",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalevidence",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_evidence",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalforcemajeureevent",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_forcemajeureevent",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalgranttranche",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_granttranche",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalprogressreport",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_progressreport",
            ),
        ),
        migrations.AddIndex(
            model_name="historicalwitness",
            index=models.Index(
                condition=models.Q(("history_type", "-")),
                fields=["-history_date", "-history_id"],
                name="deleted_witness",
            ),
        ),
    ]
