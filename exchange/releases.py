"""Dated releases of the open data: immutable folders of every public table, a manifest and a change list.

`python manage.py publish_release` writes `settings.RELEASES_DIR/<name>/`, named for the day
(`2026-11-30`; `2026-11-30-2` for a second release that day), once: the folder is built under a
temporary name and renamed into place, and a name already taken is never written again. Each
public table is there as CSV (the open-data convention, exchange.formats) and JSON; `manifest.json`
gives each file's SHA-256, size and row count, the licence and a suggested citation; `changes.csv`
and `changes.json` list what changed since the previous release, read from that release's own files
(not from the history tables, which erasure may rewrite): networks and memberships added, changed
field by field, ended, removed.

Releases hold no contact points: a release is never rewritten, and personal data must stay erasable.
"""

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from networks.dating import written
from networks.models import Network, NetworkAlias, Organisation, Relation, Source, StatedCount, Topic
from pagecache.invalidation import catalogue_version
from registry.owner import registry_owner

from . import exports
from .formats import csv_chunks
from .opendata import LICENCE

NAME_RE = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})(?:-(?P<number>[0-9]{1,3}))?")
MANIFEST = "manifest.json"
CHANGES = "changes"
CHANGE_COLUMNS = ["record", "change", "key", "label", "field", "before", "after"]


class ReleaseError(Exception):
    """A release cannot be written (the message says why); nothing was written."""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: list
    rows: object  # () -> iterable of rows of cells (lists stay lists: joined with ";" in CSV, arrays in JSON)


def _relation_rows():
    rows = Relation.objects.order_by(
        "network__slug", "kind", "target_network__slug", "target_organisation__slug"
    ).values_list(
        "network__slug", "kind", "target_network__slug", "target_network__name", "target_organisation__slug",
        "target_organisation__name", "since", "since_precision", "until", "until_precision", "source__title", "notes",
    )  # fmt: skip
    for network, kind, net_slug, net_name, org_slug, org_name, since, since_p, until, until_p, source, notes in rows:
        target = ("network", net_slug, net_name) if net_slug else ("organisation", org_slug, org_name)
        yield [network, kind, *target, written(since, since_p), written(until, until_p), source or "", notes]


def _values(queryset, *fields):
    return ([("" if value is None else value) for value in row] for row in queryset.values_list(*fields))


TABLES = [
    Table("networks", "One row per network.", exports.NETWORK_COLUMNS,
          lambda: exports.network_rows(Network.objects.public())),
    Table("network_aliases", "Other names and spellings of the networks, each with its language (a BCP 47 tag, "
          "empty when the name is in no one language) and kind (official, former, acronym, misspelling or variant).",
          ["network_slug", "name", "language", "kind"],
          lambda: _values(NetworkAlias.objects.filter(network__in=Network.objects.public())
                          .order_by("network__slug", "name"), "network__slug", "name", "language", "kind")),
    Table("memberships", "One row per member of a network in one role, current and ended.",
          exports.MEMBERSHIP_COLUMNS, lambda: exports.membership_rows(Network.objects.public())),
    Table("relations", "How networks stand to other networks and organisations (hosted by, partner of, ...).",
          ["network_slug", "kind", "target_type", "target_slug", "target_name", "since", "until", "source", "notes"],
          _relation_rows),
    Table("organisations", "Bodies that host, join, observe or partner networks, each with the language of its "
          "name and acronym (a BCP 47 tag, empty when they are in no one language).",
          ["slug", "name", "acronym", "language", "kind", "jurisdiction", "website", "description"],
          lambda: _values(Organisation.objects.order_by("slug"), "slug", "name", "acronym", "language", "kind",
                          "jurisdiction__code", "website", "description")),
    Table("stated_counts", "Figures a source gives without a full list.",
          ["network_slug", "role", "qualifier", "count", "label", "as_of", "source"],
          lambda: _values(StatedCount.objects.order_by("network__slug", "role", "label"), "network__slug", "role",
                          "qualifier", "count", "label", "as_of", "source__title")),
    Table("sources", "The documents the catalogue's facts rest on, each with its language (a BCP 47 tag).",
          ["slug", "title", "publisher", "url", "document", "published", "accessed", "language"],
          lambda: _values(Source.objects.order_by("slug"), "slug", "title", "publisher", "url", "document",
                          "published", "accessed", "language")),
    Table("topics", "The controlled vocabulary: crime areas and cooperation instruments.",
          ["slug", "name", "facet", "description"],
          lambda: _values(Topic.objects.order_by("slug"), "slug", "name", "facet", "description")),
]  # fmt: skip


# Reading --------------------------------------------------------------------------------------------


def releases_dir():
    return Path(settings.RELEASES_DIR)


def _order(name):
    match = NAME_RE.fullmatch(name)
    return (match["day"], int(match["number"] or 1))


def release_names():
    """Names of the published releases, newest first (reads the folder, no query)."""
    root = releases_dir()
    if not root.is_dir():
        return []
    names = [p.name for p in root.iterdir() if NAME_RE.fullmatch(p.name) and (p / MANIFEST).is_file()]
    return sorted(names, key=_order, reverse=True)


def manifest(name):
    """The manifest of release `name`, or None if there is no such release (a malformed name included)."""
    if not NAME_RE.fullmatch(name or ""):
        return None
    path = releases_dir() / name / MANIFEST
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def release_file(name, file_name):
    """The path of a file of release `name`, if the release lists it (or is its manifest); else None."""
    found = manifest(name)
    if found is None or (file_name != MANIFEST and file_name not in {f["name"] for f in found["files"]}):
        return None
    return releases_dir() / name / file_name


def changes(name):
    """The change list of release `name` (records as in changes.json), or None if there is no such release."""
    path = release_file(name, f"{CHANGES}.json")
    return None if path is None else json.loads(path.read_text(encoding="utf-8"))


def citation(name, published):
    owner = registry_owner()
    return (
        f"{owner[:1].upper()}{owner[1:]}. Networks Registry: open data, release {name} (published {published}). "
        f"{LICENCE['name']}."
    )


# Writing --------------------------------------------------------------------------------------------


def release_publish(*, now=None):
    """Write the next release of the catalogue as it is now; return its manifest. ReleaseError if it cannot."""
    now = now or timezone.now()
    root = releases_dir()
    root.mkdir(parents=True, exist_ok=True)
    names = release_names()
    name = _next_name(timezone.localdate(now), names)
    previous = names[0] if names else None
    building = Path(tempfile.mkdtemp(prefix=f".partial-{name}-", dir=root))
    try:
        # Every table read from one snapshot of the catalogue (PostgreSQL; SQLite's transaction is one already).
        # Inside a caller's transaction (tests) its isolation cannot change: that transaction decides.
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            version = catalogue_version()
            files = [entry for table in TABLES for entry in _write_table(building, table)]
        change_rows = change_list(root / previous if previous else None, building)
        files += _write_changes(building, change_rows)
        record = {
            "release": name,
            "published": now.isoformat(),
            "catalogue_version": version,
            "previous": previous,
            "licence": LICENCE,
            "citation": citation(name, timezone.localdate(now).isoformat()),
            "tables": [{"name": t.name, "description": t.description, "columns": t.columns} for t in TABLES],
            "files": files,
            "changes": change_summary(change_rows),
        }
        (building / MANIFEST).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        for path in building.iterdir():
            path.chmod(0o444)
        building.chmod(0o755)
        final = root / name
        if final.exists():  # published meanwhile by another run: never overwrite it
            raise ReleaseError(f"A release named {name} exists already; a release is never rewritten.")
        os.rename(building, final)
    finally:
        if building.exists():
            shutil.rmtree(building, ignore_errors=True)
    return record


def _next_name(day, names):
    taken = [_order(n)[1] for n in names if _order(n)[0] == day.isoformat()]
    return day.isoformat() if not taken else f"{day.isoformat()}-{max(taken) + 1}"


def _write(path, chunks):
    """Write text chunks as UTF-8; return (sha256, size in bytes)."""
    digest, size = hashlib.sha256(), 0
    with path.open("wb") as out:
        for chunk in chunks:
            data = chunk.encode("utf-8")
            digest.update(data)
            size += len(data)
            out.write(data)
    return digest.hexdigest(), size


def _counted(rows, counter):
    for row in rows:
        counter[0] += 1
        yield row


def _write_table(folder, table):
    entries = []
    for extension, writer in (("csv", csv_chunks), ("json", exports.json_records)):
        counter = [0]
        chunks = writer(table.columns, _counted(table.rows(), counter))
        digest, size = _write(folder / f"{table.name}.{extension}", chunks)
        entries.append({"name": f"{table.name}.{extension}", "table": table.name, "format": extension,
                        "rows": counter[0], "bytes": size, "sha256": digest})  # fmt: skip
    return entries


def _write_changes(folder, rows):
    entries = []
    for extension, writer in (("csv", csv_chunks), ("json", exports.json_records)):
        cells = ([row[c] for c in CHANGE_COLUMNS] for row in rows)
        digest, size = _write(folder / f"{CHANGES}.{extension}", writer(CHANGE_COLUMNS, cells))
        entries.append({"name": f"{CHANGES}.{extension}", "table": CHANGES, "format": extension,
                        "rows": len(rows), "bytes": size, "sha256": digest})  # fmt: skip
    return entries


# The change list ------------------------------------------------------------------------------------


def _network_key(record):
    return record["slug"]


def _membership_key(record):
    return f"{record['network_slug']} / {record['member_type']}:{record['member_code']} / {record['role']}"


def _network_label(record):
    return record["name"]


def _membership_label(record):
    return f"{record['member_name']}: {record['role']} of {record['network_name']}"


COMPARED = [("network", "networks", _network_key, _network_label),
            ("membership", "memberships", _membership_key, _membership_label)]  # fmt: skip


def change_list(previous_folder, current_folder):
    """[{record, change, key, label, field, before, after}]: what changed from one release's files to another's.

    A record is "added" or "removed" whole; a kept one gives one "changed" row per field that differs,
    except that a membership whose `until` is newly set is "ended" (its other fields, if changed, as well).
    No previous release: no changes (the first release is the baseline).
    """
    if previous_folder is None:
        return []
    rows = []
    for record, table, key_of, label_of in COMPARED:
        before = _keyed(previous_folder / f"{table}.json", key_of)
        after = _keyed(current_folder / f"{table}.json", key_of)
        for key in sorted(after.keys() - before.keys()):
            rows.append(_change(record, "added", key, label_of(after[key])))
        for key in sorted(before.keys() & after.keys()):
            old, new = before[key], after[key]
            for field in new:
                if field in old and old[field] != new[field]:
                    ended = record == "membership" and field == "until" and not old[field] and new[field]
                    kind = "ended" if ended else "changed"
                    rows.append(_change(record, kind, key, label_of(new), field, old[field], new[field]))
        for key in sorted(before.keys() - after.keys()):
            rows.append(_change(record, "removed", key, label_of(before[key])))
    return rows


def _keyed(path, key_of):
    return {key_of(record): record for record in json.loads(path.read_text(encoding="utf-8"))}


def _change(record, change, key, label, field="", before="", after=""):
    return {"record": record, "change": change, "key": key, "label": label, "field": field,
            "before": before, "after": after}  # fmt: skip


def change_summary(rows):
    """{record: {change: number of records}} (a record changed in several fields counts once)."""
    summary = {record: {"added": 0, "changed": 0, "ended": 0, "removed": 0} for record, *_ in COMPARED}
    seen = set()
    for row in rows:
        if (row["record"], row["change"], row["key"]) not in seen:
            seen.add((row["record"], row["change"], row["key"]))
            summary[row["record"]][row["change"]] += 1
    return summary
