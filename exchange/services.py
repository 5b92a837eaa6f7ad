"""Importing the secretariat's files: check every row, preview, then write in bulk or not at all.

`catalogue_import` runs inside one transaction: each table is cleaned against the database
(natural keys resolved from in-memory maps), compared with what is stored, and written with
bulk queries that also record history. A dry run, or any error in any file, rolls everything back,
so a preview shows exactly what confirming would do and a bad file changes nothing.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from import_export.results import Result, RowResult

from pagecache.invalidation import catalogue_changed

from .formats import control_character
from .models import ImportRecord
from .widgets import CellError, Lookups, closest
from .writes import rows_locked, table_write

logger = logging.getLogger(__name__)

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
BATCH = 1000
HEADER_ROW = 1


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
    number: int
    status: str
    label: str
    changes: list = field(default_factory=list)  # (column, old, new)
    problems: list = field(default_factory=list)


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
    def counts(self):
        counts = Counter(row.status for row in self.rows)
        return {status: counts[status] for status in (NEW, UPDATED, UNCHANGED, ERROR)}


def catalogue_import(*, tables, user=None, dry_run=False, via=ImportRecord.Via.ADMIN, progress=None):
    """Import `tables` ([(resource class, file name, headers, rows)], in dependency order) as one unit.

    Returns one `TableReport` per table. Nothing is kept when `dry_run` is set or any table has an error;
    otherwise an `ImportRecord` per file says who imported it and what it changed. A real import
    locks the stored rows it names (SELECT ... FOR UPDATE on PostgreSQL) and compares the file with
    them as they are then, so it writes only the cells that differ from what is stored at that moment.
    """
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        reports = [
            table_import(
                resource_class(user=user), file_name, headers, rows, user=user, progress=progress, lock=not dry_run
            )
            for resource_class, file_name, headers, rows in tables
        ]
        failed = any(report.has_errors for report in reports)
        if dry_run or failed:
            transaction.set_rollback(True)
        else:
            catalogue_changed()  # bulk writes send no signals: cached public pages must go stale
            ImportRecord.objects.bulk_create(
                ImportRecord(
                    user=user,
                    via=via,
                    file_name=report.file_name[:255],
                    content_type=ContentType.objects.get_for_model(report.model),
                    rows_new=report.counts[NEW],
                    rows_updated=report.counts[UPDATED],
                    rows_unchanged=report.counts[UNCHANGED],
                )
                for report in reports
            )
    return reports


def _header_problems(resource, file_name, headers):
    columns = resource.columns()
    problems, seen = [], set()
    for column in headers:
        if column in seen:
            problems.append(Problem(file_name, HEADER_ROW, column, "this column appears twice"))
        elif column not in columns:
            hint = closest(column, {name.replace("_", " "): name for name in columns})
            reason = "unknown column" + (f" (did you mean {' or '.join(hint)}?)" if hint else "")
            problems.append(Problem(file_name, HEADER_ROW, column, f"{reason}; expected columns: {', '.join(columns)}"))
        seen.add(column)
    for column in resource.required:
        if column not in headers:
            problems.append(Problem(file_name, HEADER_ROW, column, "required column is missing"))
    return problems


@dataclass
class _Parsed:
    """A row whose cells are clean, before it is compared with what is stored."""

    outcome: RowOutcome
    cleaned: dict
    attrs: dict
    rendered: dict
    key: tuple


def table_import(resource, file_name, headers, rows, *, user=None, progress=None, lock=False):
    """Clean, compare and write one table; see `catalogue_import` for the transaction around it.

    Two passes: every row's cells are cleaned first (no query per row); then the stored rows the
    file names are read again, locked when `lock` is set, and each row is compared with them.
    """
    model = resource._meta.model
    report = TableReport(resource.table, model, file_name)
    headers = [(column or "").strip() for column in headers]
    report.file_problems = _header_problems(resource, file_name, headers)
    if report.file_problems:
        return report

    fields = resource.fields_by_column()
    importable = [fields[column] for column in headers if not fields[column].readonly]
    column_of = {f.attribute: f.column_name for f in importable}
    existing = {
        resource.key_of(_render(resource, fields, obj, resource.key)): obj for obj in resource.existing_queryset()
    }
    parsed = _parse_rows(resource, report, importable, column_of, headers, rows, progress)
    matched = [existing[row.key] for row in parsed if row.key in existing]
    fresh = {obj.pk: obj for obj in rows_locked(resource, matched, lock=lock)}

    created, changed, lists = [], [], []
    for row in parsed:
        outcome, rendered = row.outcome, row.rendered
        stored = existing.get(row.key)
        if stored is None:
            instance = model(**row.attrs)
            outcome.status = NEW
            outcome.changes = [(column, "", value) for column, value in rendered.items() if value]
            touched = list(row.attrs)
        elif stored.pk not in fresh:
            reason = "this entry was deleted while the file was being imported: import the file again"
            outcome.problems.append(Problem(file_name, outcome.number, None, reason))
            outcome.status = ERROR
            continue
        else:
            instance = fresh[stored.pk]
            before = _render(resource, fields, instance, rendered)
            outcome.changes = [(c, before[c], rendered[c]) for c in rendered if before[c] != rendered[c]]
            outcome.status = UPDATED if outcome.changes else UNCHANGED
            touched = _assign(instance, row.attrs)
        _validate(resource, instance, touched, column_of, file_name, outcome)
        if outcome.problems:
            outcome.status = ERROR
            continue
        if outcome.status == NEW:
            created.append(instance)
        elif touched:
            changed.append((instance, touched))
        lists.extend(
            (instance, column, row.cleaned[column])
            for column, _old, _new in outcome.changes
            if column in resource.m2m_columns
        )

    if not report.has_errors:
        try:
            with transaction.atomic():  # a savepoint: a refusal undoes this table's writes, not the transaction
                table_write(resource, report.file_name, created, changed, lists, user=user)
        except DatabaseError as error:
            problem = Problem(report.file_name, None, None, f"the database refused the file: {error}")
            report.file_problems.append(problem)
    return report


def _parse_rows(resource, report, importable, column_of, headers, rows, progress):
    """First pass: clean every non-blank row, apply defaults, find its natural key; duplicates are errors."""
    model, fields, file_name = resource._meta.model, resource.fields_by_column(), report.file_name
    lookups, first_seen, parsed = Lookups(), {}, []
    for number, cells in enumerate(rows, start=HEADER_ROW + 1):
        if progress and number % BATCH == 0:
            progress(report.table, number - HEADER_ROW, len(rows))
        row = {column: ("" if cell is None else str(cell)) for column, cell in zip(headers, cells, strict=False)}
        if not any(value.strip() for value in row.values()):
            continue
        outcome = RowOutcome(number, ERROR, "")
        report.rows.append(outcome)
        cleaned = _clean_cells(resource, importable, row, lookups, file_name, outcome)
        if outcome.problems:
            continue
        attrs = resource.attributes(cleaned)
        for attribute, default in _defaults(model, attrs).items():
            attrs[attribute] = cleaned[column_of[attribute]] = default
        rendered = {column: fields[column].widget.render(value) for column, value in cleaned.items()}
        key = resource.key_of(rendered)
        outcome.label = " / ".join(part for part in key if part)
        if key in first_seen:
            reason = f"duplicate row: same {', '.join(resource.key)} as row {first_seen[key]}"
            outcome.problems.append(Problem(file_name, number, None, reason))
            continue
        first_seen[key] = number
        parsed.append(_Parsed(outcome, cleaned, attrs, rendered, key))
    return parsed


def _clean_cells(resource, importable, row, lookups, file_name, outcome):
    """Each cell through its widget; whatever goes wrong becomes a problem naming the row and column."""
    cleaned = {}
    for f in importable:
        column = f.column_name
        value = row.get(column, "")
        if character := control_character(value):
            reason = f"contains a control character ({character}); remove it from the cell"
            outcome.problems.append(Problem(file_name, outcome.number, column, reason))
            continue
        if column in resource.required and not value.strip():
            outcome.problems.append(Problem(file_name, outcome.number, column, "empty required value"))
            continue
        try:
            cleaned[column] = f.clean(row, lookups=lookups)
        except CellError as error:
            outcome.problems.append(Problem(file_name, outcome.number, column, str(error)))
        except DatabaseError:
            raise  # not the cell's fault: the transaction is broken and the whole import must stop
        except Exception as error:  # a widget's or library's exception on a value nobody foresaw
            logger.warning("Unforeseen error reading %s row %s column %s", file_name, outcome.number, column)
            reason = f'"{value[:80]}" cannot be read: {error}'
            outcome.problems.append(Problem(file_name, outcome.number, column, reason))
    return cleaned


def _render(resource, fields, instance, columns):
    return {column: resource.export_field(fields[column], instance) for column in columns}


def _defaults(model, attrs):
    """An empty cell in a column whose field cannot be blank means the field's default."""
    defaults = {}
    for name, value in attrs.items():
        model_field = model._meta.get_field(name)
        if value in ("", None) and not model_field.blank and model_field.has_default():
            defaults[name] = model_field.get_default()
    return defaults


def _assign(instance, attrs):
    """Set changed attributes on a stored instance; return the names of the concrete fields that changed."""
    touched = []
    for name, value in attrs.items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            continue
        if model_field.is_relation:
            if getattr(instance, model_field.attname) != (value.pk if value is not None else None):
                setattr(instance, name, value)
                touched.append(name)
        elif getattr(instance, name) != value:
            setattr(instance, name, value)
            touched.append(name)
    return touched


def _validate(resource, instance, touched, column_of, file_name, outcome):
    """The model's field rules (lengths, e-mail, URL, year) without a query: relations are already resolved."""
    exclude = [
        f.name for f in instance._meta.concrete_fields if f.is_relation or f.name not in touched or f.primary_key
    ]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                outcome.problems.append(Problem(file_name, outcome.number, column_of.get(name, name), message))
    for column, reason in resource.row_problems(instance):
        outcome.problems.append(Problem(file_name, outcome.number, column, reason))


class AdminResult(Result):
    """Our report in the shape django-import-export's admin views expect (totals, has_errors)."""

    def __init__(self, report):
        super().__init__()
        self.report = report
        counts = report.counts
        self.totals[RowResult.IMPORT_TYPE_NEW] = counts[NEW]
        self.totals[RowResult.IMPORT_TYPE_UPDATE] = counts[UPDATED]
        self.totals[RowResult.IMPORT_TYPE_SKIP] = counts[UNCHANGED]
        self.totals[RowResult.IMPORT_TYPE_ERROR] = counts[ERROR]
        self.total_rows = len(report.rows)

    def has_errors(self):
        return self.report.has_errors

    def has_validation_errors(self):
        return False
