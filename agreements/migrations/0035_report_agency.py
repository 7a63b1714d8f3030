import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce


def fill_agency(apps, schema_editor):
    """A report filed before this migration was on the work of its commitment's responsible organisation."""
    if schema_editor.connection.vendor == "postgresql":
        # Else the new foreign key's deferred checks are still pending when the column is made NOT NULL.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    Commitment = apps.get_model("agreements", "Commitment")
    ProgressReport = apps.get_model("agreements", "ProgressReport")
    HistoricalProgressReport = apps.get_model("agreements", "HistoricalProgressReport")
    responsible = Commitment.objects.filter(pk=OuterRef("commitment_id")).values("responsible_id")[:1]
    ProgressReport.objects.filter(agency=None).update(agency_id=Subquery(responsible))
    live = ProgressReport.objects.filter(pk=OuterRef("id")).values("agency_id")[:1]
    HistoricalProgressReport.objects.filter(agency=None).update(
        agency_id=Coalesce(Subquery(live), Subquery(responsible))
    )


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0008_invited_by_from_admin_log"),
        ("agreements", "0034_agreement_copied_from"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalprogressreport",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agencies.organisation",
                verbose_name="reporting organisation",
            ),
        ),
        migrations.AddField(
            model_name="progressreport",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.organisation",
                verbose_name="reporting organisation",
            ),
        ),
        migrations.RunPython(fill_agency, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressreport",
            name="agency",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="agencies.organisation",
                verbose_name="reporting organisation",
            ),
        ),
    ]
