import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks.scale_data import ScaleSize, generate, scale_data_exists


class Command(BaseCommand):
    help = (
        "Generate a synthetic national data set (default: 514 offices, 10,000 agreements, "
        "100,000 commitments, 200,000 reports) into a database that has none yet."
    )

    def add_arguments(self, parser):
        defaults = ScaleSize()
        parser.add_argument("--offices", type=int, default=defaults.offices)
        parser.add_argument("--agreements", type=int, default=defaults.agreements)
        parser.add_argument("--commitments", type=int, default=defaults.commitments)
        parser.add_argument("--reports", type=int, default=defaults.reports)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args, offices, agreements, commitments, reports, seed, **options):
        started = time.monotonic()
        if scale_data_exists():
            raise CommandError("Scale data is already there: generate into a fresh database.")
        if offices < 1 or agreements < 2 * offices or commitments < 1 or reports < 0:
            raise CommandError("Each office needs an MoU and at least one PKS: agreements >= 2 x offices.")
        size = ScaleSize(offices=offices, agreements=agreements, commitments=commitments, reports=reports)
        generate(size, seed=seed, log=self.stdout.write)
        if connection.vendor == "postgresql":
            # Planner statistics and the visibility map now, as a live database has them after autovacuum
            # (which also runs after bulk inserts), not whenever it gets there: counts read the index alone.
            # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {time.monotonic() - started:.1f} s."))
