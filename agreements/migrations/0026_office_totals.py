from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, Sum


def count_totals(apps, schema_editor):
    """Every office's total as recount_tallies() counts it: its published commitments and agreements."""
    Agreement = apps.get_model("agreements", "Agreement")
    Commitment = apps.get_model("agreements", "Commitment")
    OfficeTotal = apps.get_model("agreements", "OfficeTotal")
    applicable, done = Q(is_not_applicable=False), Q(is_not_applicable=False, status="done")
    totals = defaultdict(dict)
    rows = (
        Commitment.objects.filter(agreement__is_published=True)
        .order_by()
        .values("agreement__office_id")
        .annotate(
            applicable_weight=Sum("weight", filter=applicable, default=0),
            done_weight=Sum("weight", filter=done, default=0),
            count=Count("pk"),
            done_count=Count("pk", filter=done),
        )
    )
    for row in rows:
        totals[row.pop("agreement__office_id")].update(row)
    published = Agreement.objects.filter(is_published=True).order_by()
    for office_id, count in published.values_list("office_id").annotate(Count("pk")):
        totals[office_id]["agreement_count"] = count
    OfficeTotal.objects.bulk_create(
        OfficeTotal(office_id=office_id, **figures) for office_id, figures in totals.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_organisation_head"),
        ("agreements", "0025_focus_area_tallies"),
    ]

    operations = [
        migrations.CreateModel(
            name="OfficeTotal",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("count", models.PositiveIntegerField(default=0)),
                ("done_count", models.PositiveIntegerField(default=0)),
                ("applicable_weight", models.PositiveIntegerField(default=0)),
                ("done_weight", models.PositiveIntegerField(default=0)),
                ("agreement_count", models.PositiveIntegerField(default=0)),
                (
                    "office",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="agencies.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "office total",
                "verbose_name_plural": "office totals",
            },
        ),
        migrations.RunPython(count_totals, migrations.RunPython.noop),
    ]
