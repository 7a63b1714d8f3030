from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count, Q, Sum


def count_tallies(apps, schema_editor):
    """Every office's organisation tallies as recount_tallies() counts them: the published commitments each
    organisation is responsible for, and the published agreements it is a party to."""
    AgreementParty = apps.get_model("agreements", "AgreementParty")
    Commitment = apps.get_model("agreements", "Commitment")
    OrganisationTally = apps.get_model("agreements", "OrganisationTally")
    applicable, done = Q(is_not_applicable=False), Q(is_not_applicable=False, status="done")
    rows = (
        Commitment.objects.filter(agreement__is_published=True)
        .order_by()
        .values("agreement__office_id", "responsible_id")
        .annotate(
            applicable_weight=Sum("weight", filter=applicable, default=0),
            done_weight=Sum("weight", filter=done, default=0),
            count=Count("pk"),
            done_count=Count("pk", filter=done),
        )
    )
    tallies = defaultdict(dict)
    for row in rows:
        tallies[row.pop("agreement__office_id"), row.pop("responsible_id")].update(row)
    parties = (
        AgreementParty.objects.filter(agreement__is_published=True)
        .order_by()
        .values_list("agreement__office_id", "organisation_id")
        .annotate(Count("pk"))
    )
    for office_id, organisation_id, count in parties:
        tallies[office_id, organisation_id]["agreement_count"] = count
    OrganisationTally.objects.bulk_create(
        OrganisationTally(office_id=office_id, organisation_id=organisation_id, **figures)
        for (office_id, organisation_id), figures in tallies.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0006_organisation_head"),
        ("agreements", "0026_office_totals"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationTally",
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
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="agencies.organisation",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="tallies",
                        to="agencies.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "organisation tally",
                "verbose_name_plural": "organisation tallies",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "office"), name="one_tally_per_office_organisation"
                    )
                ],
            },
        ),
        migrations.RunPython(count_tallies, migrations.RunPython.noop),
    ]
