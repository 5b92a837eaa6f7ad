"""What an import found, row by row: the reports a preview shows and a command prints."""

import os
from collections import Counter
from dataclasses import dataclass, field

from import_export.results import Result, RowResult

NEW, UPDATED, UNCHANGED, CONFLICT, ERROR = "new", "updated", "unchanged", "conflict", "error"
STATUSES = (NEW, UPDATED, UNCHANGED, CONFLICT, ERROR)
SHOWN_LENGTH = 200  # characters of a changed cell the admin's preview shows
LEAD_LENGTH = 40  # characters the two values share shown before where they differ


def where_they_differ(old, new, length=SHOWN_LENGTH):
    """`old` and `new` as the preview shows them: cut to `length` characters from a word a little before their
    first difference, so that a long text changed near its end shows the change, not the same beginning twice."""
    old, new = str(old), str(new)
    start = 0
    if max(len(old), len(new)) > length:
        same = len(os.path.commonprefix([old, new]))
        start = old.rfind(" ", 0, max(same - LEAD_LENGTH, 0)) + 1
    return _excerpt(old, start, length), _excerpt(new, start, length)


def _excerpt(text, start, length):
    return ("…" if start else "") + text[start : start + length] + ("…" if start + length < len(text) else "")


@dataclass
class Problem:
    """One reason a file cannot be imported, located as a spreadsheet user would look for it."""

    file_name: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self):
        where = [self.file_name]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f'column "{self.column}"')
        return f"{', '.join(where)}: {self.reason}"


@dataclass
class RowOutcome:
    """One row of a file: its status, the cells it changes (column, stored, file) and its problems.

    `revisions` is set when the row's network changed since the file was exported:
    (revision the file was exported at, revision now). Such a row is a CONFLICT unless accepted;
    `would` then says what it would be if applied (NEW or UPDATED).
    """

    number: int
    status: str
    label: str
    changes: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    revisions: tuple | None = None
    would: str = ""
    network: int | None = None  # the network the row belongs to (its own entry for a networks row)
    network_revision: int | None = None  # that network's revision when the import read the catalogue

    @property
    def shown_changes(self):
        """`changes` as the preview shows them, each pair of values cut to where they differ."""
        return [(column, *where_they_differ(old, new)) for column, old, new in self.changes]


@dataclass
class TableReport:
    table: str
    model: type
    file_name: str
    rows: list = field(default_factory=list)
    file_problems: list = field(default_factory=list)

    @property
    def problems(self):
        return self.file_problems + [p for row in self.rows for p in row.problems]

    @property
    def has_errors(self):
        return bool(self.file_problems) or any(row.status == ERROR for row in self.rows)

    @property
    def conflicts(self):
        """Rows whose network changed since the export and that were not accepted: left as stored."""
        return [row for row in self.rows if row.status == CONFLICT]

    @property
    def counts(self):
        counts = Counter(row.status for row in self.rows)
        return {status: counts[status] for status in STATUSES}

    def conflict_message(self, row):
        """Why a row is held back, for the command line."""
        exported, now = row.revisions
        effect = (
            "importing it would add this row again"
            if row.would == NEW
            else "importing it would set " + ", ".join(column for column, _old, _new in row.changes)
        )
        return (
            f"{self.file_name}, row {row.number} ({row.label}): the entry changed since this file was exported "
            f"(revision {exported} in the file, {now} now); {effect}"
        )


class AdminResult(Result):
    """Our report in the shape django-import-export's admin views expect (totals, has_errors)."""

    def __init__(self, report):
        super().__init__()
        self.report = report
        counts = report.counts
        self.totals[RowResult.IMPORT_TYPE_NEW] = counts[NEW]
        self.totals[RowResult.IMPORT_TYPE_UPDATE] = counts[UPDATED]
        self.totals[RowResult.IMPORT_TYPE_SKIP] = counts[UNCHANGED] + counts[CONFLICT]
        self.totals[RowResult.IMPORT_TYPE_ERROR] = counts[ERROR]
        self.total_rows = len(report.rows)

    def has_errors(self):
        return self.report.has_errors

    def has_validation_errors(self):
        return False
