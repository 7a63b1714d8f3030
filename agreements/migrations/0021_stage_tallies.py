import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, Sum


def count_tallies(apps, schema_editor):
    """Every office's tallies as StageTally.objects.recount() counts them."""
    Commitment = apps.get_model("agreements", "Commitment")
    StageTally = apps.get_model("agreements", "StageTally")
    applicable, done = Q(is_not_applicable=False), Q(is_not_applicable=False, status="done")
    rows = (
        Commitment.objects.filter(agreement__is_published=True, due_stage__isnull=False)
        .order_by()
        .values("agreement__office_id", "due_stage_id")
        .annotate(
            applicable_weight=Sum("weight", filter=applicable, default=0),
            done_weight=Sum("weight", filter=done, default=0),
            count=Count("pk"),
            done_count=Count("pk", filter=done),
        )
    )
    StageTally.objects.bulk_create(
        StageTally(office_id=row.pop("agreement__office_id"), stage_id=row.pop("due_stage_id"), **row)
        for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_organisation_head"),
        ("agreements", "0020_commitment_redundant_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="StageTally",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("count", models.PositiveIntegerField(default=0)),
                ("done_count", models.PositiveIntegerField(default=0)),
                ("applicable_weight", models.PositiveIntegerField(default=0)),
                ("done_weight", models.PositiveIntegerField(default=0)),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="agencies.organisation"
                    ),
                ),
                (
                    "stage",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="agreements.electionstage",
                    ),
                ),
            ],
            options={
                "verbose_name": "stage tally",
                "verbose_name_plural": "stage tallies",
                "constraints": [
                    models.UniqueConstraint(fields=("stage", "office"), name="one_tally_per_office_stage")
                ],
            },
        ),
        migrations.RunPython(count_tallies, migrations.RunPython.noop),
    ]
