"""The import's writes: the rows it changes locked and read again, then only the cells that differ, in bulk.

An import must not put back what someone else saved while it ran. Each row is written only in the
columns where the file differs from what the import read: a file that changes EJN's acronym leaves
its description, saved by someone else a moment before, as that person left it.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from networks.models import Network, NetworkAlias, NetworkSource
from networks.revisions import links_changed
from registry.translated import columns, translated_fields

BATCH = 1000


def rows_lock(model, pks, revisions):
    """Lock the stored rows `pks` of `model` (SELECT ... FOR UPDATE); return {pk: unchanged} for those still stored.

    A row is unchanged when its network is still at the revision in `revisions` ({network pk:
    revision} as the import first read them): every change to a network or its rows moves the
    revision, so such a row needs no second reading. Rows of tables that belong to no network
    (topics, sources...) always do. One query per 1,000 rows; rows are locked in primary-key order,
    so that two imports cannot deadlock.
    """
    owner = "pk" if model is Network else "network_id" if _has_network(model) else None
    locked = {}
    for start in range(0, len(pks), BATCH):
        queryset = (
            model.objects.filter(pk__in=pks[start : start + BATCH]).order_by("pk").select_for_update(of=("self",))
        )
        if owner is None:
            locked.update(dict.fromkeys(queryset.values_list("pk", flat=True), False))
            continue
        revision = "revision" if model is Network else "network__revision"
        for pk, network, now in queryset.values_list("pk", owner, revision):
            locked[pk] = revisions.get(network) == now
    return locked


def rows_read(resource, pks):
    """The stored rows `pks` as the resource's columns show them (one query per 1,000, plus prefetches)."""
    rows = []
    for start in range(0, len(pks), BATCH):
        rows.extend(resource.existing_queryset().filter(pk__in=pks[start : start + BATCH]))
    return rows


def _has_network(model):
    return any(f.name == "network" and f.related_model is Network for f in model._meta.concrete_fields)


def table_write(resource, file_name, created, changed, lists, *, user):
    """Create `created`, write the touched fields of `changed` ([(instance, fields)]), then list columns.

    History is recorded in bulk (one row per changed instance). Bulk writes send no signals.
    """
    model = resource._meta.model
    reason = f"Imported from {file_name}"[:100]
    history = hasattr(model, "history")
    if created:
        if history:
            bulk_create_with_history(created, model, batch_size=BATCH, default_user=user, default_change_reason=reason)
        else:
            model.objects.bulk_create(created, batch_size=BATCH)
    if changed:
        if any(f.name == "updated" for f in model._meta.concrete_fields):
            now = timezone.now()
            changed = [(instance, [*fields, "updated"]) for instance, fields in changed]
            for instance, _fields in changed:
                instance.updated = now
        bulk_update(model, changed)
        if history:
            # The rows are written above; with no fields this only records their history, in bulk.
            bulk_update_with_history(
                [instance for instance, _fields in changed],
                model,
                [],
                batch_size=BATCH,
                default_user=user,
                default_change_reason=reason,
            )
    if lists:
        resource.m2m_write(lists, user=user, reason=reason)


def bulk_update(model, changed):
    """Write, for each (instance, fields) of `changed`, only those fields of that instance.

    One UPDATE per distinct value where values repeat, else CASE batches: Django's `bulk_update`
    builds one CASE branch per row, which databases evaluate per row (quadratic in the batch size).
    Imports usually set few distinct values (a date, a status), so grouping by value is far faster;
    columns of mostly distinct values fall back to small batches.
    """
    by_field = defaultdict(list)
    for instance, fields in changed:
        for name in fields:
            by_field[name].append(instance)
    # A translated field's original column is written with its English one, in the same statement:
    # the database checks that they are equal (registry.translated.mirror_constraints).
    mirrored = {columns(name)[0]: name for name in translated_fields(model)}
    for name, instances in by_field.items():
        if name in mirrored.values():
            continue
        also = [mirrored[name]] if name in mirrored else []
        attname = model._meta.get_field(name).attname
        groups = defaultdict(list)
        for instance in instances:
            groups[getattr(instance, attname)].append(instance.pk)
        if len(groups) * 20 > len(instances) and len(groups) > 10:
            model.objects.bulk_update(instances, [name, *also], batch_size=100)
            continue
        for value, pks in groups.items():
            cells = {attname: value, **dict.fromkeys(also, value or "")}
            for start in range(0, len(pks), BATCH):
                model.objects.filter(pk__in=pks[start : start + BATCH]).update(**cells)


def network_lists_write(pending, *, user, reason):
    """Replace networks' aliases, regions, topics and sources with the lists given in the file.

    `pending` holds only the list cells that differ from what is stored, so a list nobody changed
    in the file is left alone. An alias a list keeps stays as it is, with its language, kind and
    note (the network_aliases table sets those); a new name comes in as a variant in no one language.
    """
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
        links_changed(ids)  # bulk writes send no m2m signals; the import moves the revisions itself

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
