from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from security.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `manage.py backup` archive into an empty installation (after `manage.py migrate`, "
        "no users, no uploaded files). Every checksum is verified before anything is written. A pg_dump "
        "archive restores into PostgreSQL only (with pg_restore); a JSON one into SQLite or PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        try:
            manifest = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Restored %(rows)s rows in %(tables)s tables and %(files)s files from the backup of "
                "%(created_at)s (%(format)s); row counts and checksums match."
            )
            % {
                "rows": sum(manifest["counts"].values()),
                "tables": len(manifest["counts"]),
                "files": len(manifest["files"]),
                "created_at": manifest["created_at"],
                "format": manifest["database_format"],
            }
        )
