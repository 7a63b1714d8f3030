import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def refuse_duplicates(apps, schema_editor):
    """Say which rows to fix rather than fail on the index with a bare IntegrityError: the constraints
    below cannot be added while two accounts share an address or two offices are KPU RI."""
    User = apps.get_model("agencies", "User")
    Organisation = apps.get_model("agencies", "Organisation")
    shared = list(
        User.objects.exclude(email="")
        .values(address=Lower("email"))
        .annotate(accounts=Count("pk"))
        .filter(accounts__gt=1)
        .values_list("address", flat=True)
    )
    national = list(
        Organisation.objects.filter(kind="election_commission", office_level="national").values_list(
            "slug", flat=True
        )
    )
    problems = []
    if shared:
        problems.append(f"accounts share these email addresses (ignoring case): {', '.join(sorted(shared))}")
    if len(national) > 1:
        problems.append(f"several offices are KPU RI (national): {', '.join(sorted(national))}")
    if problems:
        raise RuntimeError(
            "Before this migration, give each account its own email address (or none) and leave one national "
            "office (docs/operations.md, 'One KPU RI, one account per address'): " + "; ".join(problems)
        )


class Migration(migrations.Migration):
    """One KPU RI, and one account per email address ignoring case: creating an office checks both before it
    writes, and these make two creations at once fail rather than both pass (agencies.onboarding)."""

    dependencies = [
        ('agencies', '0009_change_reason_text'),
        ('auth', '0012_alter_user_first_name_max_length'),
    ]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'election_commission'), ('office_level', 'national')), fields=('office_level',), name='organisation_one_national_office', violation_error_message='KPU RI already exists: an installation has one national office.'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('email'), condition=models.Q(('email', ''), _negated=True), name='user_email_unique_ignoring_case', violation_error_message='An account with this email address already exists.'),
        ),
    ]
