"""Export the whole catalogue for the secretariat: one file per table, ready for import_catalogue.

This is a full export (contact points of every visibility, internal notes): it is for those who
run the registry. The public files are at /data/.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.exports import json_records, table_rows
from exchange.formats import csv_chunks
from exchange.resources import RESOURCES

PROGRESS_EVERY = 5000


class Command(BaseCommand):
    help = "Write every catalogue table to DIR as <table>.csv or <table>.json (natural keys, no database ids)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--out", type=Path, required=True, help="Directory to write into (created if missing).")

    def handle(self, format, out, verbosity, **options):
        writer = csv_chunks if format == "csv" else json_records
        try:
            out.mkdir(parents=True, exist_ok=True)
            for resource_class in RESOURCES:
                resource = resource_class(everything=True)
                path = out / f"{resource.table}.{format}"
                rows = _Counted(table_rows(resource), path.name, self.stderr if verbosity else None)
                with open(path, "w", encoding="utf-8", newline="") as handle:
                    handle.writelines(writer(resource.columns(), rows))
                if verbosity:
                    self.stdout.write(f"{path}: {rows.count:,} rows")
        except OSError as error:
            raise CommandError(f"Cannot write the export: {error}") from None


class _Counted:
    """Rows passed through, counted, with a progress line every PROGRESS_EVERY rows."""

    def __init__(self, rows, name, progress):
        self.rows, self.name, self.progress, self.count = rows, name, progress, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.progress and self.count % PROGRESS_EVERY == 0:
                self.progress.write(f"  {self.name}: {self.count:,} rows written")
            yield row
