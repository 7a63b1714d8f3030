from django.db import migrations, models
from django.db.models import Q


def mark_applied(apps, schema_editor):
    """An addendum whose commitments moved to its PKS, or that retired some of the PKS's, was applied."""
    Agreement = apps.get_model("agreements", "Agreement")
    Commitment = apps.get_model("agreements", "Commitment")
    moved = Commitment.objects.filter(Q(added_by__isnull=False) | Q(retired_by__isnull=False))
    applied = {*moved.values_list("added_by_id", flat=True), *moved.values_list("retired_by_id", flat=True)}
    for addendum in Agreement.objects.filter(kind="addendum", pk__in=applied - {None}, applied_at=None):
        Agreement.objects.filter(pk=addendum.pk).update(applied_at=addendum.updated_at)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0035_report_agency"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="applied_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="applied to the PKS at"
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="applied_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="applied to the PKS at"
            ),
        ),
        migrations.RunPython(mark_applied, migrations.RunPython.noop),
    ]
