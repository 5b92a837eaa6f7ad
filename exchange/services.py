"""Importing the secretariat's files: check every row, preview, then write in bulk or not at all.

`catalogue_import` runs inside one transaction: each table is cleaned against the database
(natural keys resolved from in-memory maps), compared with what is stored, and written with
bulk queries that also record history. A dry run, or any error in any file, rolls everything back,
so a preview shows exactly what confirming would do and a bad file changes nothing.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from import_export.results import Result, RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from networks.models import Network, NetworkAlias, NetworkSource
from pagecache.invalidation import catalogue_changed

from .models import ImportRecord
from .widgets import CellError, Lookups, closest

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
    otherwise an `ImportRecord` per file says who imported it and what it changed.
    """
    user = user if user is not None and user.is_authenticated else None
    with transaction.atomic():
        reports = [
            table_import(resource_class(user=user), file_name, headers, rows, user=user, progress=progress)
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


def table_import(resource, file_name, headers, rows, *, user=None, progress=None):
    """Clean, compare and write one table; see `catalogue_import` for the transaction around it."""
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
    lookups = Lookups()
    first_seen, created, changed, changed_attrs, lists = {}, [], [], set(), []

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
        instance = existing.get(key)
        if instance is None:
            instance = model(**attrs)
            outcome.status = NEW
            outcome.changes = [(column, "", value) for column, value in rendered.items() if value]
            touched = list(attrs)
        else:
            before = _render(resource, fields, instance, rendered)
            outcome.changes = [(c, before[c], rendered[c]) for c in rendered if before[c] != rendered[c]]
            outcome.status = UPDATED if outcome.changes else UNCHANGED
            touched = _assign(instance, attrs)
        _validate(resource, instance, touched, column_of, file_name, outcome)
        if outcome.problems:
            outcome.status = ERROR
            continue
        if outcome.status == NEW:
            created.append(instance)
        elif touched:
            changed.append(instance)
            changed_attrs.update(touched)
        lists.extend(
            (instance, column, cleaned[column])
            for column, _old, _new in outcome.changes
            if column in resource.m2m_columns
        )

    if not report.has_errors:
        _write(resource, report, created, changed, changed_attrs, lists, user=user)
    return report


def _clean_cells(resource, importable, row, lookups, file_name, outcome):
    cleaned = {}
    for f in importable:
        column = f.column_name
        if column in resource.required and not row.get(column, "").strip():
            outcome.problems.append(Problem(file_name, outcome.number, column, "empty required value"))
            continue
        try:
            cleaned[column] = f.clean(row, lookups=lookups)
        except CellError as error:
            outcome.problems.append(Problem(file_name, outcome.number, column, str(error)))
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


def _write(resource, report, created, changed, changed_attrs, lists, *, user):
    """Bulk writes with history; a database refusal becomes a file problem (the savepoint undoes it)."""
    model = resource._meta.model
    reason = f"Imported from {report.file_name}"[:100]
    history = hasattr(model, "history")
    try:
        with transaction.atomic():
            if created:
                if history:
                    bulk_create_with_history(
                        created, model, batch_size=BATCH, default_user=user, default_change_reason=reason
                    )
                else:
                    model.objects.bulk_create(created, batch_size=BATCH)
            if changed:
                fields = sorted(changed_attrs)
                if any(f.name == "updated" for f in model._meta.concrete_fields):
                    now = timezone.now()
                    for instance in changed:
                        instance.updated = now
                    fields.append("updated")
                bulk_update(model, changed, fields)
                if history:
                    # The rows are written above; with no fields this only records their history, in bulk.
                    bulk_update_with_history(
                        changed, model, [], batch_size=BATCH, default_user=user, default_change_reason=reason
                    )
            if lists:
                resource.m2m_write(lists, user=user, reason=reason)
    except DatabaseError as error:
        report.file_problems.append(Problem(report.file_name, None, None, f"the database refused the file: {error}"))


def bulk_update(model, instances, fields):
    """Write `fields` of `instances`: one UPDATE per distinct value where values repeat, else CASE batches.

    Django's `bulk_update` builds one CASE branch per row, which databases evaluate per row:
    quadratic in the batch size. Imports usually set few distinct values (a date, a status),
    so grouping by value is far faster; columns of mostly distinct values fall back to small batches.
    """
    for name in fields:
        attname = model._meta.get_field(name).attname
        groups = defaultdict(list)
        for instance in instances:
            groups[getattr(instance, attname)].append(instance.pk)
        if len(groups) * 20 > len(instances) and len(groups) > 10:
            model.objects.bulk_update(instances, [name], batch_size=100)
            continue
        for value, pks in groups.items():
            for start in range(0, len(pks), BATCH):
                model.objects.filter(pk__in=pks[start : start + BATCH]).update(**{attname: value})


def network_lists_write(pending, *, user, reason):
    """Replace networks' aliases, regions, topics and sources with the lists given in the file."""
    by_column = {}
    for network, column, values in pending:
        by_column.setdefault(column, {})[network.pk] = (network, values)

    for column in ("regions", "topics"):
        if column not in by_column:
            continue
        through = getattr(Network, column).through
        target = f"{'region' if column == 'regions' else 'topic'}_id"
        ids = list(by_column[column])
        through.objects.filter(network_id__in=ids).delete()
        links = [
            through(network_id=pk, **{target: item.pk})
            for pk, (_network, items) in by_column[column].items()
            for item in items
        ]
        through.objects.bulk_create(links, batch_size=BATCH)

    if "aliases" in by_column:
        wanted = {pk: set(names) for pk, (_n, names) in by_column["aliases"].items()}
        stale, kept = [], set()
        for alias in NetworkAlias.objects.filter(network_id__in=list(wanted)):
            if alias.name in wanted[alias.network_id]:
                kept.add((alias.network_id, alias.name))
            else:
                stale.append(alias.pk)
        NetworkAlias.objects.filter(pk__in=stale).delete()  # one history row per alias, via signals
        new = [
            NetworkAlias(network_id=pk, name=name)
            for pk, names in wanted.items()
            for name in sorted(names)
            if (pk, name) not in kept
        ]
        bulk_create_with_history(new, NetworkAlias, batch_size=BATCH, default_user=user, default_change_reason=reason)

    if "sources" in by_column:
        wanted = {pk: {source.pk for source in sources} for pk, (_n, sources) in by_column["sources"].items()}
        stale, kept = [], set()
        for link in NetworkSource.objects.filter(network_id__in=list(wanted)):
            if link.source_id in wanted[link.network_id]:
                kept.add((link.network_id, link.source_id))
            else:
                stale.append(link.pk)
        NetworkSource.objects.filter(pk__in=stale).delete()
        new = [
            NetworkSource(network_id=pk, source_id=source_id)
            for pk, source_ids in wanted.items()
            for source_id in sorted(source_ids)
            if (pk, source_id) not in kept
        ]
        bulk_create_with_history(new, NetworkSource, batch_size=BATCH, default_user=user, default_change_reason=reason)


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
