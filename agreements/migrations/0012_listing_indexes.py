from django.db import migrations, models
from django.db.models import F, Q

# The public listing's orders (public.filters.SORTS) and the home page's latest, over published rows only, so a
# page of the listing reads twenty index entries however many agreements there are. PostgreSQL only: SQLite
# cannot index NULLS LAST, and a single office's SQLite installation sorts its few rows in no time.
PUBLISHED = Q(is_published=True)
INDEXES = [
    models.Index(F("date_signed").desc(nulls_last=True), "title", condition=PUBLISHED, name="listing_newest"),
    models.Index(F("date_signed").asc(nulls_last=True), "title", condition=PUBLISHED, name="listing_oldest"),
    models.Index("title", "id", condition=PUBLISHED, name="listing_title"),
    models.Index(
        F("progress_share").desc(nulls_last=True), "title", condition=PUBLISHED, name="listing_progress"
    ),
    models.Index(
        F("published_at").desc(nulls_last=True),
        F("id").desc(),
        condition=PUBLISHED,
        name="listing_recently_published",
    ),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.add_index(apps.get_model("agreements", "Agreement"), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for index in INDEXES:
            schema_editor.remove_index(apps.get_model("agreements", "Agreement"), index)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0011_commitment_stage_due_index"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="agreement", name="agreements__is_publ_6fd4a5_idx"),
        migrations.RunPython(create, drop),
    ]
