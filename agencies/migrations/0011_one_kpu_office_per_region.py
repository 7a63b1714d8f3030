from django.db import migrations, models
from django.db.models import Count


def refuse_duplicates(apps, schema_editor):
    """Say which offices to fix rather than fail on the index with a bare IntegrityError: the constraint below
    cannot be added while two KPU offices serve one region."""
    Organisation = apps.get_model("agencies", "Organisation")
    offices = Organisation.objects.filter(kind="election_commission").exclude(region=None)
    shared = (
        offices.values("region").annotate(offices=Count("pk")).filter(offices__gt=1).values_list("region", flat=True)
    )
    duplicates = offices.filter(region__in=list(shared)).select_related("region").order_by("region__code", "slug")
    by_region = {}
    for office in duplicates:
        by_region.setdefault(f"{office.region.code} {office.region.name}", []).append(office.slug)
    if by_region:
        problems = "; ".join(f"{region}: {', '.join(slugs)}" for region, slugs in by_region.items())
        raise RuntimeError(
            "Before this migration, leave one KPU office per region: give each other office its own region or "
            "delete it (docs/operations.md, 'One KPU office per region'). Offices sharing a region: " + problems
        )


class Migration(migrations.Migration):
    """One KPU office per region, whatever path creates it: "Create an office" locks the region before it
    checks, but the organisation form and load_offices do not (agencies.onboarding)."""

    dependencies = [
        ('agencies', '0010_one_kpu_ri_and_one_account_per_email'),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'election_commission')), fields=('region',), name='organisation_one_office_per_region', violation_error_code='unique', violation_error_message='This region already has a KPU office.'),
        ),
    ]
