from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "Email liaisons a digest of commitments due in 30, 7 and 0 days and, weekly, of overdue ones. "
        "Safe to run every hour: what was sent is logged and never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--dry-run", action="store_true", help="List what would be sent; send nothing.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date={options['date']!r} is not a date like 2024-02-14.") from None
        delivered = reminders_send(today=today, dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        for recipient, reminders in delivered.items():
            lines = ", ".join(f"{r.commitment.pk} ({r.threshold})" for r in reminders)
            self.stdout.write(f"{verb} to {recipient.get_username()} <{recipient.email}>: {lines}")
        total = sum(len(reminders) for reminders in delivered.values())
        self.stdout.write(f"{today}: {verb} {len(delivered)} digest(s) with {total} reminder line(s).")
