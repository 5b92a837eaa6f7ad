"""Run daily (cron or a systemd timer, see README): remind the editors of entries not confirmed lately."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from outreach.services import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each network's editors when its entry has not been confirmed for REMINDER_INTERVAL_MONTHS "
        "(default 6), at most once per interval, and record every reminder sent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, dry_run=False, **options):
        if not settings.REGISTRY_BASE_URL:
            raise CommandError(_("Set REGISTRY_BASE_URL (e.g. https://registry.example.org): the e-mails link to it."))
        sent, failures = reminders_send(base_url=settings.REGISTRY_BASE_URL, dry_run=dry_run)
        verb = "would remind" if dry_run else "reminded"
        for reminder in sent:
            self.stdout.write(f"{verb} {reminder.email} about {reminder.network.slug}")
        for network, email, error in failures:
            self.stderr.write(f"not sent to {email} about {network.slug}: {error}")
        self.stdout.write(f"{len(sent)} reminder(s) {'to send' if dry_run else 'sent'}, {len(failures)} failed.")
        if failures:
            raise CommandError(f"{len(failures)} reminder(s) could not be sent; they will be tried again next run.")
