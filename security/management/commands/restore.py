from django.core.management.base import BaseCommand, CommandError

from security.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into an empty installation (after `manage.py migrate`, "
        "no users, no uploaded files). Every checksum is verified before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Restored {rows} rows in {len(manifest['counts'])} tables and {len(manifest['files'])} files "
            f"from the backup of {manifest['created_at']}; row counts and checksums match."
        )
