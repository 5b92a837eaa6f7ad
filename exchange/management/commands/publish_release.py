"""Publish a dated, immutable release of the open data (exchange.releases)."""

from django.core.management.base import BaseCommand, CommandError

from exchange.releases import ReleaseError, release_publish, releases_dir


class Command(BaseCommand):
    help = (
        "Write the next dated release of the open data to RELEASES_DIR: every public table as CSV and JSON, "
        "manifest.json (SHA-256, sizes, row counts, licence, citation) and the changes since the previous release."
    )

    def handle(self, *args, **options):
        try:
            record = release_publish()
        except (ReleaseError, OSError) as error:
            raise CommandError(f"No release was published: {error}") from error
        counts = ", ".join(
            f"{record_kind}s {change} {n}"
            for record_kind, by_change in record["changes"].items()
            for change, n in by_change.items()
            if n
        )
        since = f"since {record['previous']}: {counts or 'no changes'}" if record["previous"] else "the first release"
        self.stdout.write(f"Published release {record['release']} in {releases_dir() / record['release']} ({since}).")
