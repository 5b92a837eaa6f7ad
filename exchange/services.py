"""Importing the secretariat's files: check every row, preview, then write in bulk or not at all.

`catalogue_import` runs inside one transaction: each table is cleaned against the database
(natural keys resolved from in-memory maps), compared with what is stored, and written with
bulk queries that also record history. A dry run, or any error in any file, rolls everything back,
so a preview shows exactly what confirming would do and a bad file changes nothing.
"""

import logging
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from networks.models import Network
from networks.revisions import bump_revisions, owning_network_ids
from pagecache.invalidation import catalogue_changed
from registry.characters import control_character
from registry.translated import DEFAULT_LANGUAGE, columns, translated_fields
from upkeep.changesets import recording, system_reason
from upkeep.models import ChangeSet

from .formats import whole_number
from .models import ImportRecord
from .reports import CONFLICT, ERROR, NEW, UNCHANGED, UPDATED, Problem, RowOutcome, TableReport
from .resource_base import Listed
from .widgets import CellError, Lookups, closest
from .writes import rows_lock, rows_read, table_write

logger = logging.getLogger(__name__)

BATCH = 1000
HEADER_ROW = 1
REVISION_COLUMN = "revision"


@dataclass
class _Run:
    """What every table of one import shares."""

    user: object
    lock: bool
    accepted: dict  # {file name: set of row numbers}: conflicting rows to apply anyway
    previewed: dict  # {network pk: revision} the user saw in a preview of this very file
    progress: object = None
    revisions: dict = field(default_factory=dict)  # {network pk: revision} when the import began
    touched: set = field(default_factory=set)  # networks whose entries the import changes
    created: set = field(default_factory=set)  # networks the import creates
    lists: dict = field(default_factory=dict)  # the list cells read so far (RegistryResource.lists)


@translation.override(DEFAULT_LANGUAGE)  # columns name their language; instances' translated fields read English
def catalogue_import(
    *,
    tables,
    user=None,
    dry_run=False,
    via=ImportRecord.Via.ADMIN,
    progress=None,
    accepted=None,
    previewed=None,
    skip_conflicts=False,
):
    """Import `tables` ([(resource class, file name, headers, rows)], in dependency order) as one unit.

    Returns one `TableReport` per table. Nothing is kept when `dry_run` is set or any table has an error;
    otherwise an `ImportRecord` per file says who imported it and what it changed.

    Nothing saved is silently undone:
    - each row is written only in the cells where the file differs from what the import read; on
      PostgreSQL the rows are locked (SELECT ... FOR UPDATE) just before writing and read again if
      their network moved meanwhile; a cell someone else changed meanwhile that the file also
      changes stops the import with a row error;
    - a row whose `revision` cell (its network's revision when the file was exported) is older than the
      network's revision now is a CONFLICT: applied only if listed in `accepted` ({file name: row
      numbers}); otherwise left as stored when `skip_conflicts`, else it stops the import like an error.
      `previewed` ({network pk: revision}, from `previewed_revisions` of the preview's reports) extends
      this to the time between a preview and its confirmation: a row whose network changed since the
      preview is a conflict, accepted or not, and a row without a `revision` cell is compared with it.
    Networks whose entries the import changes get a new revision (bulk writes send no signals);
    networks it creates keep the revision their file gives, so a restored export reads back the same.
    """
    user = user if user is not None and user.is_authenticated else None
    run = _Run(user=user, lock=not dry_run, accepted=accepted or {}, previewed=previewed or {}, progress=progress)
    files = ", ".join(file_name for _r, file_name, _h, _rows in tables)
    reason = system_reason(ChangeSet.SystemReason.IMPORTED, files=files)
    with recording(user=user, **reason):  # one transaction, and one change set for the timelines
        run.revisions = dict(Network.objects.values_list("pk", "revision"))
        reports = [
            table_import(resource_class(user=user, lists=run.lists), file_name, headers, rows, run=run)
            for resource_class, file_name, headers, rows in tables
        ]
        failed = any(report.has_errors or (report.conflicts and not skip_conflicts) for report in reports)
        if dry_run or failed:
            transaction.set_rollback(True)
        else:
            bump_revisions(run.touched - run.created)
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
    revision: int | None  # its network's revision when the file was exported, if the file says


def table_import(resource, file_name, headers, rows, *, run):
    """Clean, compare and write one table; see `catalogue_import` for the transaction around it.

    Every row's cells are cleaned (no query per row) and compared with the stored rows as read
    when the import began, which is what a preview shows; a real import then locks the rows it
    changes and writes only the cells that differ (see `_locked`).
    """
    headers = [(column or "").strip() for column in headers]
    legacy = {old: new for old, new in resource.legacy_columns.items() if old in headers}
    if not legacy:
        return _table_import(resource, file_name, headers, rows, run=run)
    # An older file's `name` is `name_en`; the report names the file's own columns.
    report = _table_import(resource, file_name, [legacy.get(column, column) for column in headers], rows, run=run)
    as_written = {new: old for old, new in legacy.items()}
    for outcome in report.rows:
        outcome.changes = [(as_written.get(column, column), *cells) for column, *cells in outcome.changes]
    for problem in [*report.file_problems, *(p for outcome in report.rows for p in outcome.problems)]:
        problem.column = as_written.get(problem.column, problem.column)
    return report


def _table_import(resource, file_name, headers, rows, *, run):
    model = resource._meta.model
    report = TableReport(resource.table, model, file_name)
    report.file_problems = _header_problems(resource, file_name, headers)
    if any(column not in headers for column in resource.required):
        return report  # every row would lack the same values: the header's problems say it once
    # An unknown or repeated column does not stop the rows from being checked, so that one preview names every
    # problem of the file rather than the header's first and the cells' after the header is mended.
    fields = resource.fields_by_column()
    importable = [
        fields[column] for column in dict.fromkeys(headers) if column in fields and not fields[column].readonly
    ]
    column_of = {f.attribute: f.column_name for f in importable}
    existing = {
        resource.key_of(_render(resource, fields, obj, resource.key)): obj for obj in resource.existing_queryset()
    }
    parsed = _parse_rows(resource, report, importable, column_of, headers, rows, run.progress, existing)
    for row in parsed:
        for column in resource.m2m_columns:
            if column in row.cleaned:
                listed = Listed(file_name, row.outcome.number, row.cleaned[column])
                run.lists.setdefault((resource.table, column), {})[row.key] = listed
    accepted = run.accepted.get(file_name, set())

    created, changed, lists = [], [], []
    for row in parsed:
        outcome, rendered = row.outcome, row.rendered
        instance = existing.get(row.key)
        if instance is None:
            instance = model(**row.attrs)
            outcome.status = NEW
            outcome.changes = [(column, "", value) for column, value in rendered.items() if value]
            touched = list(row.attrs)
            if model is Network and row.revision is not None:
                instance.revision = row.revision  # a restored entry keeps its revision
        else:
            _frozen_problems(resource, instance, row.attrs, column_of, outcome, file_name)
            before = _render(resource, fields, instance, rendered)
            outcome.changes = [(c, before[c], rendered[c]) for c in rendered if before[c] != rendered[c]]
            outcome.status = UPDATED if outcome.changes else UNCHANGED
            touched = _assign(instance, row.attrs)
        _validate(resource, instance, touched, column_of, file_name, outcome)
        if outcome.problems:
            outcome.status = ERROR
            continue
        if outcome.status == UNCHANGED:
            continue
        if _in_conflict(run, model, instance, row, accepted):
            continue
        if outcome.status == NEW:
            created.append((row, instance))
        else:
            changed.append((row, instance, touched))

    # SQLite has no row locks and needs none: once the import's transaction has read, no other
    # connection can commit before it does (a writer waits, or the import fails as "database is
    # locked"), so the rows as first read are the rows as they are.
    if run.lock and connection.features.has_select_for_update:
        changed = _locked(resource, report, changed, run.revisions)
    for row, instance in created + [(row, instance) for row, instance, _t in changed]:
        lists.extend(
            (instance, column, row.cleaned[column])
            for column, _old, _new in row.outcome.changes
            if column in resource.m2m_columns
        )
    created = [instance for _row, instance in created]
    changed = [(instance, touched) for _row, instance, touched in changed if touched]
    if not report.has_errors:
        try:
            with transaction.atomic():  # a savepoint: a refusal undoes this table's writes, not the transaction
                table_write(resource, report.file_name, created, changed, lists, user=run.user)
        except DatabaseError as error:
            problem = Problem(report.file_name, None, None, f"the database refused the file: {error}")
            report.file_problems.append(problem)
        else:
            written = created + [instance for instance, _fields in changed] + [item[0] for item in lists]
            run.touched |= owning_network_ids(model, written)
            if model is Network:
                run.created |= {instance.pk for instance in created}
    return report


def _in_conflict(run, model, instance, row, accepted):
    """Whether a row that changes something must be held back because its network changed meanwhile.

    "Meanwhile" is since the file was exported (its `revision` cell) or, for a row without one, since
    the preview the user confirms. An accepted row is applied unless its network changed again after
    the preview in which the user accepted it.
    """
    outcome = row.outcome
    # The row's network: its own entry, or the network it belongs to (none for topics, sources...).
    outcome.network = instance.pk if model is Network else getattr(instance, "network_id", None)
    now = outcome.network_revision = run.revisions.get(outcome.network)
    previewed = run.previewed.get(str(outcome.network))
    seen = row.revision if row.revision is not None else previewed
    if now is None or seen is None or seen == now:
        return False
    outcome.revisions, outcome.would = (seen, now), outcome.status
    if outcome.number in accepted and previewed in (None, now):
        return False
    outcome.status = CONFLICT
    return True


def previewed_revisions(reports):
    """{network pk (as text, for JSON): revision} of the networks whose rows a preview shows changing."""
    return {
        str(row.network): row.network_revision
        for report in reports
        for row in report.rows
        if row.network is not None and row.network_revision is not None and row.status in (NEW, UPDATED, CONFLICT)
    }


def _locked(resource, report, changed, revisions):
    """The rows to update ([(parsed row, instance, touched fields)]), locked, and read again if they moved.

    A row whose network moved to a new revision since the import first read it (`revisions`) is read
    again, and the file's cells that differ from the first reading (`outcome.changes`) are moved onto
    it, so that whatever else someone saved meanwhile is written back unchanged (and recorded so in
    the history). A row changed meanwhile in a column the file also changes is refused: whose value
    should win cannot be decided for the user.
    """
    model, fields = resource._meta.model, resource.fields_by_column()
    locked = rows_lock(model, [instance.pk for _row, instance, _t in changed], revisions)
    fresh = {obj.pk: obj for obj in rows_read(resource, [pk for pk, unchanged in locked.items() if not unchanged])}
    kept = []
    for row, instance, touched in changed:
        outcome = row.outcome
        if locked.get(instance.pk):
            kept.append((row, instance, touched))
            continue
        current = fresh.get(instance.pk)
        if current is None:
            reason = "this entry was deleted while the file was being imported: import the file again"
            outcome.problems.append(Problem(report.file_name, outcome.number, None, reason))
        else:
            now = _render(resource, fields, current, [column for column, _old, _new in outcome.changes])
            for column, old, _new in outcome.changes:
                if now[column] != old:
                    reason = f"was changed by someone else while this file was being imported (now “{now[column]}”)"
                    outcome.problems.append(Problem(report.file_name, outcome.number, column, reason))
        if outcome.problems:
            outcome.status = ERROR
            continue
        _assign(current, {name: getattr(instance, name) for name in touched})
        kept.append((row, current, touched))
    return kept


def _frozen_problems(resource, instance, attrs, column_of, outcome, file_name):
    """A stored entry's fields that never change (`resource.frozen`), given another value by the row."""
    for attribute in resource.frozen:
        if attrs.get(attribute, getattr(instance, attribute)) != getattr(instance, attribute):
            reason = f"never changes: this row's entry has {getattr(instance, attribute)}"
            outcome.problems.append(Problem(file_name, outcome.number, column_of[attribute], reason))


def _parse_rows(resource, report, importable, column_of, headers, rows, progress, existing):
    """First pass: clean every non-blank row, apply defaults, find its natural key; duplicates are errors.

    A row with a problem is refused here, after every check its cells allow: the model's field rules on the
    cells that could be read, the fields of the stored entry it names that never change, and when every cell
    could be read (the problem is elsewhere: its revision, a name column) the rules across the row, so that
    one preview names all its problems.
    """
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
        every_cell_read = len(cleaned) == len(importable)
        revision = _revision_cell(row.get(REVISION_COLUMN, ""), file_name, outcome)
        for attribute in resource.frozen:
            if attribute in column_of and cleaned.get(column_of[attribute]) is None:
                cleaned.pop(column_of[attribute], None)  # blank: drawn for a new row, kept on a stored one
        attrs = resource.attributes(cleaned)
        for attribute, default in _defaults(model, attrs).items():
            attrs[attribute] = cleaned[column_of[attribute]] = default
        names = [Problem(file_name, number, column, reason) for column, reason in resource.name_problems(row, attrs)]
        if outcome.problems:
            outcome.problems += names
            key_read = all(column in cleaned for column in resource.key)
            stored = existing.get(resource.key_of(_rendered(fields, cleaned))) if key_read else None
            if stored is not None:
                _frozen_problems(resource, stored, attrs, column_of, outcome, file_name)
            instance = model(**attrs)
            _validate(resource, instance, list(attrs), column_of, file_name, outcome, whole_row=every_cell_read)
            continue
        outcome.problems += names  # the row goes on to the checks of the whole row, and is refused with them
        rendered = _rendered(fields, cleaned)
        key = resource.key_of(rendered)
        outcome.label = " / ".join(part for part in key if part)
        if key in first_seen:
            reason = f"duplicate row: same {', '.join(resource.key)} as row {first_seen[key]}"
            outcome.problems.append(Problem(file_name, number, resource.key[-1], reason))
            continue
        first_seen[key] = number
        parsed.append(_Parsed(outcome, cleaned, attrs, rendered, key, revision))
    return parsed


def _rendered(fields, cleaned):
    """The cleaned cells written back as the file writes them: the natural key and the changes compare these."""
    return {column: fields[column].widget.render(value) for column, value in cleaned.items()}


def _revision_cell(value, file_name, outcome):
    """The `revision` cell as a whole number, or None when empty; a bad value is a problem of its row."""
    if not value.strip():
        return None
    try:
        return whole_number(value, minimum=1)
    except ValueError as error:
        outcome.problems.append(Problem(file_name, outcome.number, REVISION_COLUMN, str(error)))
        return None


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
    """Set changed attributes on a stored instance; return the names of the concrete fields that changed.

    A language column without text is NULL or "" (older rows): either is no text, not a change.
    """
    blank_is_null = {column for name in translated_fields(instance) for column in columns(name)}
    touched = []
    for name, value in attrs.items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            continue
        if model_field.is_relation:
            if getattr(instance, model_field.attname) != (value.pk if value is not None else None):
                setattr(instance, name, value)
                touched.append(name)
        elif getattr(instance, name) != value and not (
            name in blank_is_null and not getattr(instance, name) and not value
        ):
            setattr(instance, name, value)
            touched.append(name)
    # The original column of a translated field follows its English one (registry.translated).
    touched += [name for name in translated_fields(instance) if columns(name)[0] in touched and name not in touched]
    return touched


def _validate(resource, instance, touched, column_of, file_name, outcome, *, whole_row=True):
    """The model's field rules (lengths, e-mail, URL, year) without a query: relations are already resolved.

    The rules across a row's fields (`row_problems`) need the whole row: `whole_row=False` leaves them out.
    """
    exclude = [
        f.name for f in instance._meta.concrete_fields if f.is_relation or f.name not in touched or f.primary_key
    ]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                outcome.problems.append(Problem(file_name, outcome.number, column_of.get(name, name), message))
    if not whole_row:
        return
    for column, reason in resource.row_problems(instance):
        outcome.problems.append(Problem(file_name, outcome.number, column, reason))
