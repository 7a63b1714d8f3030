from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from security.backup import JSON, PG_DUMP, BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the private uploaded files into one .tar.gz archive with checksums: "
        "pg_dump's custom format on PostgreSQL, dumpdata JSON on SQLite (or with --format=json)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "output", nargs="?", help="Archive to write (default: kpu-coop-backup-<date-time>.tar.gz here)."
        )
        parser.add_argument(
            "--format",
            choices=[PG_DUMP, JSON],
            dest="database_format",
            help=(
                "The database part: pg_dump (PostgreSQL only, the default there) or json (portable: restores "
                "into SQLite or PostgreSQL, but slow and memory-hungry at national size)."
            ),
        )

    def handle(self, *args, output=None, database_format=None, **options):
        output = Path(output or f"kpu-coop-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        try:
            manifest = backup_create(output=output, database_format=database_format)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Wrote %(archive)s (%(format)s): %(rows)s rows in %(tables)s tables, %(files)s files. "
                "It holds password hashes, 2FA secrets and private evidence: store it encrypted."
            )
            % {
                "archive": output,
                "format": manifest["database_format"],
                "rows": sum(manifest["counts"].values()),
                "tables": len(manifest["counts"]),
                "files": len(manifest["files"]),
            }
        )
