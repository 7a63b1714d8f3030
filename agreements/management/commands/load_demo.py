from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand

from agreements.demo import load_demo
from security.log import security_log_quieted


class Command(BaseCommand):
    help = "Load the KPU Kabupaten Bantul demo (2022 agreements with eight agencies). Safe to repeat."

    def handle(self, *args, **options):
        # On a laptop the dozens of rights changes that create the demo accounts would bury the account list;
        # on a server (DEBUG=false) a demo load gives rights like any other change, so it stays in the log.
        with security_log_quieted() if settings.DEBUG else nullcontext():
            accounts = load_demo(password=settings.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Accounts (password from DEMO_PASSWORD):"))
        for username, role in accounts:
            self.stdout.write(f"  {username:<18} {role}")
        self.stdout.write(f"  password: {settings.DEMO_PASSWORD}")
