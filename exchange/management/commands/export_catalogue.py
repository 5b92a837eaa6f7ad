"""Export the whole catalogue for the secretariat: one file per table, ready for import_catalogue.

This is a full export (contact points of every visibility, internal notes): it is for those who
run the registry. The public files are at /data/.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.exports import table_csv, table_json
from exchange.resources import RESOURCES

PROGRESS_EVERY = 5000


class Command(BaseCommand):
    help = "Write every catalogue table to DIR as <table>.csv or <table>.json (natural keys, no database ids)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--out", type=Path, required=True, help="Directory to write into (created if missing).")

    def handle(self, format, out, verbosity, **options):
        try:
            out.mkdir(parents=True, exist_ok=True)
            for resource_class in RESOURCES:
                resource = resource_class(everything=True)
                path = out / f"{resource.table}.{format}"
                self._write(path, (table_csv if format == "csv" else table_json)(resource), verbosity)
        except OSError as error:
            raise CommandError(f"Cannot write the export: {error}") from None

    def _write(self, path, chunks, verbosity):
        rows = -1  # the header line (CSV) or opening bracket (JSON) is not a row
        with open(path, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
                rows += 1
                if verbosity and rows and rows % PROGRESS_EVERY == 0:
                    self.stderr.write(f"  {path.name}: {rows:,} rows written")
        if verbosity:
            self.stdout.write(f"{path}: {max(rows - (path.suffix == '.json'), 0):,} rows")
