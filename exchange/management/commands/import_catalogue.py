"""Import the secretariat's CSV files from the command line, with the same checks and messages as the admin."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from exchange.formats import FileError, read_table
from exchange.models import ImportRecord
from exchange.resources import RESOURCE_BY_TABLE, RESOURCES
from exchange.services import ERROR, catalogue_import

TABLES = ", ".join(RESOURCE_BY_TABLE)


class Command(BaseCommand):
    help = (
        "Import catalogue files (.csv, or .json as written by export_catalogue). PATH is a file or a directory; "
        "a directory's files are imported in dependency order, all in one transaction. The table a file goes "
        f"into is --model, else the file name (e.g. memberships.csv, memberships-2026.csv), else the table "
        f"whose columns match the header row. Tables: {TABLES}."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and preview only; change nothing.")
        parser.add_argument("--model", choices=list(RESOURCE_BY_TABLE), help="The table a single file goes into.")
        parser.add_argument("--user", help="Username recorded as the importer (and in the history).")

    def handle(self, path, dry_run, model, user, verbosity, **options):
        importer = self._user(user)
        files = sorted(p for p in path.iterdir() if p.suffix in (".csv", ".json")) if path.is_dir() else [path]
        if not files:
            raise CommandError(f"{path}: no .csv or .json files to import.")
        tables = []
        try:
            for file in files:
                headers, rows = _read(file)
                resource = RESOURCE_BY_TABLE[model] if model else _guess(file, headers)
                tables.append((resource, file.name, headers, rows))
        except (OSError, FileError) as error:
            raise CommandError(str(error)) from None
        tables.sort(key=lambda table: RESOURCES.index(table[0]))
        for first, second in zip(tables, tables[1:], strict=False):
            if first[0] is second[0]:
                raise CommandError(f"{first[1]} and {second[1]} are both for {first[0].table}: import them one by one.")
        tables = [table for table in tables if table[2]]  # an empty JSON list has nothing to import

        def progress(table, done, total):
            if verbosity:
                self.stderr.write(f"  {table}: {done:,} of {total:,} rows checked")

        reports = catalogue_import(
            tables=tables, user=importer, dry_run=dry_run, via=ImportRecord.Via.COMMAND, progress=progress
        )
        problems = [str(problem) for report in reports for problem in report.problems]
        for report in reports:
            counts = report.counts
            self.stdout.write(
                f"{report.file_name} → {report.table}: {counts['new']} new, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged, {counts[ERROR]} with errors"
            )
            if verbosity > 1:
                for row in report.rows:
                    changes = "; ".join(f"{c}: {old!r} → {new!r}" for c, old, new in row.changes)
                    self.stdout.write(f"  row {row.number} {row.status} {row.label} {changes}")
        if problems:
            raise CommandError("Nothing was imported:\n" + "\n".join(problems))
        self.stdout.write("Dry run: nothing was changed." if dry_run else "Imported.")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f'No user "{username}".') from None


def _read(file):
    if file.suffix == ".json":
        return _read_json(file)
    return read_table(file.read_bytes(), file.name)


def _read_json(file):
    """A JSON list of objects with the CSV's columns (lists allowed where the CSV has `;`)."""
    try:
        records = json.loads(file.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileError(f"{file.name} is not UTF-8 JSON: {error}") from None
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise FileError(f"{file.name} must be a list of objects, one per row.")
    headers = list(dict.fromkeys(key for record in records for key in record))

    def cell(value):
        return ";".join(map(str, value)) if isinstance(value, list) else "" if value is None else str(value)

    return headers, [[cell(record.get(column)) for column in headers] for record in records]


def _guess(file, headers):
    """The table a file belongs to: from its name first, then from its header row."""
    stem = file.stem.lower().replace("-", "_")
    by_name = [table for table in RESOURCE_BY_TABLE if stem == table or stem.startswith(table + "_")]
    if by_name:
        return RESOURCE_BY_TABLE[max(by_name, key=len)]
    matches = [r for r in RESOURCES if set(r.required) <= set(headers) and set(headers) <= set(r.columns())]
    if len(matches) == 1:
        return matches[0]
    raise FileError(
        f"{file.name}: cannot tell which table this file is for; name it after the table "
        f"(e.g. memberships.csv) or pass --model ({TABLES})."
    )
