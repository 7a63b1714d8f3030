from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from agencies.models import Organisation, Region
from agencies.onboarding import NATIONAL_SHORT_NAME, office_add, office_serving


class Command(BaseCommand):
    help = (
        "Create KPU RI and the KPU office of every province, regency and city (from the loaded regions) "
        "under the right parents; offices that exist are kept. No administrator is invited."
    )

    def handle(self, *args, **options):
        try:
            self.load()
        except ValidationError as error:
            # An orphan that does not fit under the office above (agencies.offices.office_hierarchy_check).
            raise CommandError(" ".join(error.messages)) from None

    @transaction.atomic
    def load(self):
        created = 0
        national = office_serving(None)
        if national is None:
            national = self.add(region=None, parent=None)
            created += 1
        serving = {}
        for office in Organisation.objects.offices().exclude(region=None).order_by("-pk"):
            serving[office.region_id] = office
        # Provinces (no parent) first, so each regency finds its province's office.
        for region in Region.objects.order_by(F("parent_id").asc(nulls_first=True), "code"):
            if region.pk in serving:
                continue
            parent = national if region.parent_id is None else serving.get(region.parent_id)
            serving[region.pk] = self.add(region=region, parent=parent)
            created += 1
        linked = self.link_orphans(national, serving)
        self.stdout.write(
            f"{created} offices created, {linked} placed under the office above; {len(serving) + 1} in all."
        )

    def add(self, *, region, parent):
        """office_add, whose refusal names the region (one of hundreds) and says what to do."""
        try:
            return office_add(region=region, parent=parent)
        except ValidationError as error:
            # Such as an office for the region created meanwhile ("Create an office"): its region is served.
            message = _(
                "%(region)s: %(reasons)s Nothing was created; run the command again to create the rest."
            )
            reasons = " ".join(error.messages)
            raise CommandError(
                message % {"region": region or NATIONAL_SHORT_NAME, "reasons": reasons}
            ) from None

    def link_orphans(self, national, serving):
        """An office made before the hierarchy (a single-office installation joining a national one) goes
        under the office above its region's, so that its province and KPU RI see it."""
        linked = 0
        orphans = (
            Organisation.objects.offices().filter(parent=None).exclude(region=None).select_related("region")
        )
        for office in orphans:
            above = national if office.region.parent_id is None else serving.get(office.region.parent_id)
            if above is not None and above.pk != office.pk:
                office.parent = above
                office.full_clean()
                office.save(update_fields=["parent"])
                linked += 1
        return linked
