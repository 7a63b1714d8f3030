import django.contrib.postgres.search
from django.db import migrations

# A GIN index only PostgreSQL has; SQLite searches by words (public.search) and keeps the column empty.
CREATE_INDEX = (
    "CREATE INDEX agreements_agreement_search_gin ON agreements_agreement USING gin (search_document)"
)
DROP_INDEX = "DROP INDEX IF EXISTS agreements_agreement_search_gin"


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_INDEX)
    # The documents of the agreements already there, as refresh_search() builds them.
    from agreements.models import Agreement

    Agreement.objects.using(schema_editor.connection.alias).refresh_search()


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0009_agreement_progress_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="search_document",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(build, drop),
    ]
