"""Load the calendar's and the library's seeds (fixtures/meetings.csv, fixtures/documents.csv).

Run by `load_catalogue` after the networks and sources, in its transaction. As the catalogue's loader
does: every row is checked first and any problem stops the load with file, line, column and value;
rows are upserted by slug with a history record; nothing is deleted; a row the secretariat edited or
deleted by hand since the loader wrote it is left alone unless `respect_hand_edits` is off.
"""

import csv
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError

from library.audience import Audience
from library.models import Document
from networks.catalogue_files import FIXTURES, CatalogueError, Row, check_unique
from networks.loading import LOADER_REASON
from networks.models import Network, Source

from .models import Meeting

DOCUMENT_COLUMNS = [
    "slug",
    "title",
    "kind",
    "languages",
    "date",
    "networks",
    "audience",
    "url",
    "source",
    "description",
]
MEETING_COLUMNS = [
    "slug", "title", "kind", "start", "end", "precision", "place", "online", "networks", "audience", "source",
    "source_section", "outcome_documents", "description",
]  # fmt: skip


def calendar_and_library_load(*, directory=None, respect_hand_edits=True):
    """Check both files, then upsert documents and meetings; {model name: Counter} like `catalogue_load`."""
    problems = []
    networks = dict(Network.objects.values_list("slug", "pk"))
    sources = dict(Source.objects.values_list("slug", "pk"))
    document_rows = _read("documents.csv", DOCUMENT_COLUMNS, problems, directory)
    meeting_rows = _read("meetings.csv", MEETING_COLUMNS, problems, directory)
    documents = [_document_plan(row, networks, sources) for row in document_rows]
    known_documents = {plan[0]["slug"] for plan in documents} | set(Document.objects.values_list("slug", flat=True))
    meetings = [_meeting_plan(row, networks, sources, known_documents) for row in meeting_rows]
    for model, plans in ((Document, documents), (Meeting, meetings)):
        for attrs, _lists, row in plans:
            _check_fields(model(**attrs), row, problems)
    if problems:
        raise CatalogueError(problems)
    stats = {"Document": _upsert(Document, documents, respect_hand_edits)}
    document_ids = dict(Document.objects.values_list("slug", "pk"))
    for _attrs, lists, _row in meetings:
        lists["outcome_documents"] = [document_ids[slug] for slug in lists["outcome_documents"] if slug in document_ids]
    stats["Meeting"] = _upsert(Meeting, meetings, respect_hand_edits)
    return stats


def _read(filename, columns, problems, directory):
    path = Path(directory or FIXTURES) / filename
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != columns:
                found = ",".join(reader.fieldnames or [])
                problems.append(f"{filename}, line 1: expected columns {','.join(columns)}, found {found}")
                return []
            rows = [Row(filename, reader.line_num, values, problems) for values in reader]
    except FileNotFoundError:
        problems.append(f"{filename}: file not found in {path.parent}")
        return []
    except UnicodeDecodeError as exc:
        problems.append(f"{filename}: not UTF-8 ({exc.reason} at byte {exc.start})")
        return []
    check_unique(rows, lambda r: r.get("slug"), "slug", problems)
    return rows


def _references(row, column, known, what, required=False):
    slugs = row.items(column)
    if required and not slugs:
        row.problem(column, f"at least one {what} is required")
    for slug in slugs:
        if slug not in known:
            row.problem(column, f"unknown {what} {slug!r}")
    return [known[slug] for slug in slugs if slug in known] if isinstance(known, dict) else slugs


def _source(row, sources):
    slug = row.get("source")
    if slug and slug not in sources:
        row.problem("source", "unknown source")
    return sources.get(slug)


def _document_plan(row, networks, sources):
    attrs = {
        "slug": row.slug("slug"),
        "title": row.get("title", required=True),
        "kind": row.choice("kind", Document.Kind.values),
        "languages": row.get("languages"),
        "date": row.date("date"),
        "audience": row.choice("audience", Audience.values),
        "url": row.url("url"),
        "source_id": _source(row, sources),
        "description": row.get("description"),
    }
    return attrs, {"networks": _references(row, "networks", networks, "network")}, row


def _meeting_plan(row, networks, sources, documents):
    attrs = {
        "slug": row.slug("slug"),
        "title": row.get("title", required=True),
        "kind": row.choice("kind", Meeting.Kind.values),
        "start": row.date("start"),
        "end": row.date("end"),
        "precision": row.choice("precision", Meeting.Precision.values),
        "place": row.get("place"),
        "online": row.choice("online", ["yes", "no"]) == "yes",
        "audience": row.choice("audience", Audience.values),
        "source_id": _source(row, sources),
        "source_section": row.get("source_section"),
        "description": row.get("description"),
    }
    for column in ("start", "end"):
        if not row.get(column):
            row.problem(column, "a date is required")
    if attrs["start"] and attrs["end"] and attrs["end"] < attrs["start"]:
        row.problem("end", "the meeting ends before it starts")
    lists = {
        "networks": _references(row, "networks", networks, "network", required=True),
        "outcome_documents": _references(row, "outcome_documents", documents, "document"),
    }
    return attrs, lists, row


def _check_fields(obj, row, problems):
    try:
        obj.full_clean(exclude=["source", "file"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            problems.append(f"{row.filename}, line {row.line}, column {name}: {' '.join(messages)}")


def _upsert(model, plans, respect_hand_edits):
    """Create or update each planned row by slug, with its lists; keep what was edited or deleted by hand."""
    stats = Counter()
    existing = {obj.slug: obj for obj in model.objects.prefetch_related(*_list_names(model))}
    kept, deleted = _hand_work(model, existing) if respect_hand_edits else (set(), set())
    for attrs, lists, _row in plans:
        obj = existing.get(attrs["slug"])
        if obj is None and attrs["slug"] in deleted:
            stats["skipped"] += 1
            continue
        if obj is not None and obj.pk in kept:
            stats["kept" if _differs(obj, attrs, lists) else "unchanged"] += 1
            continue
        if obj is not None and not _differs(obj, attrs, lists):
            stats["unchanged"] += 1
            continue
        created = obj is None
        obj = obj or model()
        for name, value in attrs.items():
            setattr(obj, name, value)
        obj._change_reason = LOADER_REASON
        obj.save()
        for name, ids in lists.items():
            getattr(obj, name).set(ids)
        stats["created" if created else "updated"] += 1
    return stats


def _list_names(model):
    return ["networks", "outcome_documents"] if model is Meeting else ["networks"]


def _differs(obj, attrs, lists):
    if any(getattr(obj, name) != value for name, value in attrs.items()):
        return True
    return any({item.pk for item in getattr(obj, name).all()} != set(ids) for name, ids in lists.items())


def _hand_work(model, existing):
    """Ids of rows whose latest change was not the loader's, and slugs of rows deleted by hand."""
    latest = dict(
        model.history.filter(id__in=[obj.pk for obj in existing.values()])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_change_reason")
    )
    kept = {pk for pk, reason in latest.items() if reason != LOADER_REASON}
    deleted = set(
        model.history.filter(history_type="-")
        .exclude(history_change_reason=LOADER_REASON)
        .values_list("slug", flat=True)
    )
    return kept, deleted - set(existing)
