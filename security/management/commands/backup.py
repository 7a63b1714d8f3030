from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from security.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and the private uploaded files into one .tar.gz archive with checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "output", nargs="?", help="Archive to write (default: kpu-coop-backup-<date-time>.tar.gz here)."
        )

    def handle(self, *args, output=None, **options):
        output = Path(output or f"kpu-coop-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup_create(output=output)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Wrote {output}: {rows} rows in {len(manifest['counts'])} tables, "
            f"{len(manifest['files'])} files. "
            "It holds password hashes, 2FA secrets and private evidence: store it encrypted."
        )
