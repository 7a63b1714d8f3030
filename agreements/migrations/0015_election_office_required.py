import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0014's data migration: PostgreSQL alters no table with pending trigger events.
    dependencies = [
        ("agreements", "0014_election_office"),
    ]

    operations = [
        migrations.AlterField(
            model_name="election",
            name="office",
            field=models.ForeignKey(help_text="KPU RI for the national election, a provincial office for a governor's election, a regency or city office for a regent's or mayor's: only its staff change the election and move its stages.", limit_choices_to={'kind': 'election_commission'}, on_delete=django.db.models.deletion.PROTECT, related_name='elections', to='agencies.organisation', verbose_name='organising KPU office'),
        ),
    ]
