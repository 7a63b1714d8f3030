from django.db import migrations

from agencies.invitations import invited_by_from_admin_log


def fill_invited_by(apps, schema_editor):
    invited_by_from_admin_log(
        apps.get_model("agencies", "User"),
        apps.get_model("admin", "LogEntry"),
        apps.get_model("contenttypes", "ContentType"),
    )


class Migration(migrations.Migration):
    """Accounts made before 0007 with no membership were managed by no office: the admin's log says who
    added them, whose office now manages them (agencies.roles.accounts_of)."""

    dependencies = [
        ("agencies", "0007_user_invited_by"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill_invited_by, migrations.RunPython.noop)]
