from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, Sum


def count_tallies(apps, schema_editor):
    """Every office's focus area tallies as recount_tallies() counts them: its published commitments and its
    published agreements linked to each focus area."""
    Commitment = apps.get_model("agreements", "Commitment")
    FocusAreaTally = apps.get_model("agreements", "FocusAreaTally")
    Link = apps.get_model("agreements", "Agreement").focus_areas.through
    applicable, done = Q(is_not_applicable=False), Q(is_not_applicable=False, status="done")
    rows = (
        Commitment.objects.filter(agreement__is_published=True, focus_area__isnull=False)
        .order_by()
        .values("agreement__office_id", "focus_area_id")
        .annotate(
            applicable_weight=Sum("weight", filter=applicable, default=0),
            done_weight=Sum("weight", filter=done, default=0),
            count=Count("pk"),
            done_count=Count("pk", filter=done),
        )
    )
    tallies = defaultdict(dict)
    for row in rows:
        tallies[row.pop("agreement__office_id"), row.pop("focus_area_id")].update(row)
    links = (
        Link.objects.filter(agreement__is_published=True)
        .order_by()
        .values_list("agreement__office_id", "focusarea_id")
        .annotate(Count("pk"))
    )
    for office_id, focus_area_id, count in links:
        tallies[office_id, focus_area_id]["agreement_count"] = count
    FocusAreaTally.objects.bulk_create(
        FocusAreaTally(office_id=office_id, focus_area_id=focus_area_id, **figures)
        for (office_id, focus_area_id), figures in tallies.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_organisation_head"),
        ("agreements", "0024_commitment_partial_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="FocusAreaTally",
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
                    "focus_area",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="agreements.focusarea",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="agencies.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "focus area tally",
                "verbose_name_plural": "focus area tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("focus_area", "office"), name="one_tally_per_office_focus_area"
                    )
                ],
            },
        ),
        migrations.RunPython(count_tallies, migrations.RunPython.noop),
    ]
