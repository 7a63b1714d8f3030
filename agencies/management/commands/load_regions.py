from django.core.management.base import BaseCommand
from django.db import transaction

from agencies.models import Region
from agencies.regions import REGIONS_CSV, load_regions


class Command(BaseCommand):
    help = "Load the provinces, regencies and cities (Kemendagri region codes) of agencies/data/regions.csv."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=str(REGIONS_CSV), help="A CSV with code, name and level columns."
        )

    @transaction.atomic
    def handle(self, *args, file, **options):
        created, updated = load_regions(Region, file)
        total = Region.objects.count()
        self.stdout.write(f"{created} regions created, {updated} updated; {total} in all.")
