import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count


def count_tallies(apps, schema_editor):
    """Every office's election tallies as recount_tallies() counts them: its published agreements linked to
    each election."""
    Agreement = apps.get_model("agreements", "Agreement")
    ElectionTally = apps.get_model("agreements", "ElectionTally")
    links = (
        Agreement.elections.through.objects.filter(agreement__is_published=True)
        .order_by()
        .values_list("agreement__office_id", "election_id")
        .annotate(Count("pk"))
    )
    ElectionTally.objects.bulk_create(
        ElectionTally(office_id=office_id, election_id=election_id, agreement_count=count)
        for office_id, election_id, count in links
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_organisation_head"),
        ("agreements", "0028_done_commitments_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="ElectionTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("agreement_count", models.PositiveIntegerField(default=0)),
                (
                    "election",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="agreements.election",
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
                "verbose_name": "election tally",
                "verbose_name_plural": "election tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("election", "office"), name="one_tally_per_office_election"
                    )
                ],
            },
        ),
        migrations.RunPython(count_tallies, migrations.RunPython.noop),
    ]
