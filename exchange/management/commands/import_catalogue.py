"""Import the secretariat's CSV files from the command line, with the same checks and messages as the admin."""

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext_lazy as _

from exchange.formats import FileError, read_table, whole_number
from exchange.models import ImportRecord
from exchange.reports import CONFLICT, ERROR
from exchange.resources import RESOURCE_BY_TABLE, RESOURCES
from exchange.services import catalogue_import

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
        parser.add_argument(
            "--accept-conflicts",
            action="append",
            default=[],
            metavar="[FILE:]ROWS",
            help="Apply these rows although their entry changed since the file was exported, e.g. "
            "networks.csv:4,9 (FILE may be left out when importing one file). Repeatable.",
        )
        parser.add_argument(
            "--skip-conflicts",
            action="store_true",
            help="Import the other rows and leave rows whose entry changed since the export as they are.",
        )

    def handle(self, path, dry_run, model, user, verbosity, accept_conflicts, skip_conflicts, **options):
        importer = self._user(user)
        if not path.exists():
            raise CommandError(f"{path}: no such file or directory.")
        files = sorted(p for p in path.iterdir() if p.suffix in (".csv", ".json")) if path.is_dir() else [path]
        if not files:
            raise CommandError(f"{path}: no .csv or .json files to import.")
        accepted = _accepted(accept_conflicts, [file.name for file in files])
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
            tables=tables,
            user=importer,
            dry_run=dry_run,
            via=ImportRecord.Via.COMMAND,
            progress=progress,
            accepted=accepted,
            skip_conflicts=skip_conflicts,
        )
        problems = [str(problem) for report in reports for problem in report.problems]
        conflicts = [report.conflict_message(row) for report in reports for row in report.conflicts]
        for report in reports:
            counts = report.counts
            self.stdout.write(
                f"{report.file_name} → {report.table}: {counts['new']} new, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged, {counts[CONFLICT]} in conflict, {counts[ERROR]} with errors"
            )
            if verbosity > 1:
                for row in report.rows:
                    changes = "; ".join(f"{c}: {old!r} → {new!r}" for c, old, new in row.changes)
                    self.stdout.write(f"  row {row.number} {row.status} {row.label} {changes}")
        if problems:
            raise CommandError(_("Nothing was imported:\n") + "\n".join(problems))
        if conflicts and skip_conflicts:
            self.stdout.write(_("Left as they are (changed since the export):\n") + "\n".join(conflicts))
        elif conflicts:
            raise CommandError(
                "Nothing was imported: these rows' entries changed since the file was exported, so importing "
                "them would undo someone's later edits:\n" + "\n".join(conflicts) + "\nApply them anyway with "
                "--accept-conflicts FILE:ROWS, or import the rest with --skip-conflicts."
            )
        self.stdout.write("Dry run: nothing was changed." if dry_run else "Imported.")

    def _user(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f'No user "{username}".') from None


def _accepted(specs, file_names):
    """{file name: row numbers} from --accept-conflicts values such as `networks.csv:4,9` or `4,9`."""
    accepted = {}
    for spec in specs:
        name, _colon, rows = spec.rpartition(":")
        if not name and len(file_names) == 1:
            name = file_names[0]
        if name not in file_names:
            raise CommandError(f"--accept-conflicts {spec}: name one of the files imported ({', '.join(file_names)}).")
        try:
            numbers = {whole_number(row, minimum=2) for row in rows.split(",")}
        except ValueError as error:
            raise CommandError(f"--accept-conflicts {spec}: {error}") from None
        accepted.setdefault(name, set()).update(numbers)
    return accepted


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
