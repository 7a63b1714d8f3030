import django.db.models.deletion
from django.db import migrations, models

from agencies.regions import load_regions


def load_reference_regions(apps, schema_editor):
    load_regions(apps.get_model("agencies", "Region"))


def link_regions_by_name(apps, schema_editor):
    """The region was free text ("Kabupaten Bantul"): link it to the region of that name where one matches."""
    Region = apps.get_model("agencies", "Region")
    Organisation = apps.get_model("agencies", "Organisation")
    by_name = {region.name.casefold(): region for region in Region.objects.all()}
    for organisation in Organisation.objects.exclude(region_text=""):
        region = by_name.get(organisation.region_text.strip().casefold())
        if region is not None:
            Organisation.objects.filter(pk=organisation.pk).update(region=region)


def set_office_levels(apps, schema_editor):
    """Offices recorded so far were a regency's or a city's; one whose region is a province is provincial."""
    Organisation = apps.get_model("agencies", "Organisation")
    offices = Organisation.objects.filter(kind="election_commission")
    offices.filter(region__level="province").update(office_level="province")
    offices.exclude(region__level="province").update(office_level="regency")


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0003_website_http_https_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="Region",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=13, unique=True, verbose_name="region code")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                (
                    "level",
                    models.CharField(
                        choices=[("province", "Province"), ("regency", "Regency"), ("city", "City")],
                        max_length=16,
                        verbose_name="level",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="agencies.region",
                        verbose_name="province",
                    ),
                ),
            ],
            options={"verbose_name": "region", "verbose_name_plural": "regions", "ordering": ["code"]},
        ),
        migrations.RunPython(load_reference_regions, migrations.RunPython.noop),
        migrations.RenameField("organisation", "region", "region_text"),
        migrations.RenameField("historicalorganisation", "region", "region_text"),
        migrations.AddField(
            model_name="organisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="agencies.region",
                verbose_name="region",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agencies.region",
                verbose_name="region",
            ),
        ),
        migrations.RunPython(link_regions_by_name, migrations.RunPython.noop),
        migrations.RemoveField("organisation", "region_text"),
        migrations.RemoveField("historicalorganisation", "region_text"),
        migrations.AddField(
            model_name="historicalorganisation",
            name="office_level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("national", "National (KPU RI)"),
                    ("province", "Province"),
                    ("regency", "Regency or city"),
                ],
                help_text="For a KPU office only: national (KPU RI), province, or regency/city.",
                max_length=16,
                verbose_name="office level",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="office_level",
            field=models.CharField(
                blank=True,
                choices=[
                    ("national", "National (KPU RI)"),
                    ("province", "Province"),
                    ("regency", "Regency or city"),
                ],
                help_text="For a KPU office only: national (KPU RI), province, or regency/city.",
                max_length=16,
                verbose_name="office level",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="For an agency: the regional government it belongs to. For a KPU office: the office above it (a regency's province, a province's KPU RI).",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agencies.organisation",
                verbose_name="part of",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="The province, regency or city it serves; empty for a national body such as KPU RI.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="agencies.region",
                verbose_name="region",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="For an agency: the regional government it belongs to. For a KPU office: the office above it (a regency's province, a province's KPU RI).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="agencies.organisation",
                verbose_name="part of",
            ),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="region",
            field=models.ForeignKey(
                blank=True,
                help_text="The province, regency or city it serves; empty for a national body such as KPU RI.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organisations",
                to="agencies.region",
                verbose_name="region",
            ),
        ),
        migrations.RunPython(set_office_levels, migrations.RunPython.noop),
    ]
