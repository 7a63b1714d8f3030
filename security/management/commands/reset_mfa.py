from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from security.log import log_event
from security.two_factor import devices_remove


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (lost phone). Staff must set up a new one at their next login; "
        "a liaison's account goes back to password only."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        count = devices_remove(user=user)
        log_event("mfa_reset", username=username, devices=count, by="manage.py reset_mfa")
        self.stdout.write(f"Removed {count} two-factor device(s) of {username}.")
