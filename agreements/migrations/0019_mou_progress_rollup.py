from django.db import migrations
from django.db.models import Count, F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf


def recount(apps, schema_editor):
    """Every agreement's figures as refresh_progress() now counts them: an MoU with its published PKS's."""
    Agreement = apps.get_model("agreements", "Agreement")
    Commitment = apps.get_model("agreements", "Commitment")
    counted = Q(agreement=OuterRef("pk")) | Q(
        agreement__parent=OuterRef("pk"), agreement__kind="pks", agreement__is_published=True
    )
    commitments = Commitment.objects.filter(counted).order_by().annotate(one=Value(1)).values("one")
    applicable, done = Q(is_not_applicable=False), Q(is_not_applicable=False, status="done")
    figures = {
        "applicable_weight": Sum("weight", filter=applicable),
        "done_weight": Sum("weight", filter=done),
        "commitment_count": Count("pk"),
        "done_count": Count("pk", filter=done),
    }
    Agreement.objects.filter(kind="mou").update(
        **{
            name: Coalesce(Subquery(commitments.annotate(figure=figure).values("figure")), 0)
            for name, figure in figures.items()
        }
    )
    share = Cast(F("done_weight"), FloatField()) / NullIf(Cast(F("applicable_weight"), FloatField()), 0.0)
    Agreement.objects.filter(kind="mou").update(progress_share=share)


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0018_commitment_timeliness"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
