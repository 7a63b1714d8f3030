"""Gives the demo staff account a TOTP device and prints its secret, so `make run` can be logged into."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.two_factor import DEVICE_NAME, secret_text


class Command(BaseCommand):
    help = "Development only (DEBUG=true): a TOTP device for the demo staff account, its secret and code."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="kpu")
        parser.add_argument("--code", action="store_true", help="Print only the code valid now.")

    def handle(self, *args, username, code, **options):
        # A secret printed to the terminal is fine on a laptop and never acceptable on a server.
        if not settings.DEBUG:
            raise CommandError("demo_two_factor runs only with DEBUG=true.")
        user = get_user_model().objects.filter(username=username, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff account is called {username!r}; run `manage.py load_demo` first.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
        current = f"{now:0{device.digits}d}"
        if code:
            self.stdout.write(current)
            return
        self.stdout.write(f"Two-factor login for {username} (staff accounts need it):")
        self.stdout.write(f"  secret: {secret_text(device)}")
        self.stdout.write(f"  app:    {device.config_url}")
        self.stdout.write(f"  a code now: {current}  (later: manage.py demo_two_factor --code)")
