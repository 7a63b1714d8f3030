from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agencies.models import Region
from agencies.onboarding import office_create


class Command(BaseCommand):
    help = (
        "Create the KPU office serving a region (Kemendagri code; 'national' for KPU RI), invite its first "
        "administrator by email and copy KPU RI's template elections into it."
    )

    def add_arguments(self, parser):
        parser.add_argument("region", help="Region code, e.g. 34 or 34.02; 'national' for KPU RI.")
        parser.add_argument("--admin-email", required=True, help="The first administrator's email address.")
        parser.add_argument("--name", default="", help="Official name (default: from the region).")
        parser.add_argument("--short-name", default="", help="Short name (default: from the region).")
        parser.add_argument("--slug", default="", help="Slug (default: from the short name).")

    def handle(self, *args, region, admin_email, name, short_name, slug, **options):
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL: the invitation links to the site.")
        try:
            found = None if region == "national" else Region.objects.get(code=region)
        except Region.DoesNotExist:
            raise CommandError(
                f"No region with code {region!r} (manage.py load_regions loads them)."
            ) from None
        try:
            office = office_create(
                region=found,
                admin_email=admin_email,
                base_url=settings.SITE_URL.rstrip("/"),
                name=name,
                short_name=short_name,
                slug=slug,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Created {office.short_name} ({office.slug}); invitation sent to {admin_email}.")
