"""Each network's revision: a counter that moves whenever its entry or anything belonging to it changes.

Optimistic concurrency for every way of editing an entry (the admin form, the member and contact
editors, change requests, re-imported exports): the editor remembers the revision it started from
and the save claims it with one conditional UPDATE. If someone else saved in between, the claim
fails and the save is refused with what changed meanwhile, instead of silently undoing their work.

`Network.save()` never writes the column; only `bump_revisions` and `claim_revision` move it, so a
stale in-memory instance cannot put an old value back. Signals bump it for ordinary saves and
deletes of a network's rows; bulk writes (imports, loaders) call `bump_revisions` themselves.

The same signals give the catalogue its new version as an entry change
(`pagecache.invalidation.catalogue_changed(entries_only=True)`), after the revisions moved: the
in-memory indexes of the public site then update the networks whose revision moved instead of
rebuilding (`public.memo.entry_memo`).
"""

from django.db import models, transaction
from django.db.models.functions import Now
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from countries.models import Region
from pagecache.invalidation import catalogue_changed, entry_writes_register

from .models import ContactPoint, Membership, Network, NetworkAlias, NetworkSource, Relation, StatedCount, Topic


class StaleEntry(Exception):
    """The entry changed since the editor read it: `seen` is what the editor had, `current` what is stored."""

    def __init__(self, network_id, seen, current):
        self.network_id, self.seen, self.current = network_id, seen, current
        super().__init__(f"network {network_id} is at revision {current}, the editor started from {seen}")


def bump_revisions(network_ids):
    """Move the revision of each network in `network_ids` (an iterable of pks) on by one (one query)."""
    ids = {pk for pk in network_ids if pk is not None}
    if ids:
        Network.objects.filter(pk__in=ids).update(revision=models.F("revision") + 1)


def claim_revision(network_id, seen):
    """Take revision `seen` of a network for the caller's save, or raise StaleEntry (one or two queries).

    Must run inside the transaction that saves the change: the conditional UPDATE locks the row, so
    a concurrent claim on PostgreSQL waits, then finds the revision moved and fails. Returns the new
    revision. A network deleted meanwhile raises Network.DoesNotExist.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim_revision must run inside the transaction that saves the change")
    try:
        seen = int(seen)
    except (TypeError, ValueError):
        seen = -1  # a form that lost or forged its revision is treated as stale, never as fresh
    claimed = Network.objects.filter(pk=network_id, revision=seen).update(revision=models.F("revision") + 1)
    if claimed:
        return seen + 1
    current = Network.objects.filter(pk=network_id).values_list("revision", flat=True).first()
    if current is None:
        raise Network.DoesNotExist(f"network {network_id} no longer exists")
    raise StaleEntry(network_id, seen, current)


# Rows that belong to a network's entry, and the fields naming the network(s) whose entry shows them.
_OWNERS = {
    NetworkAlias: ("network_id",),
    NetworkSource: ("network_id",),
    Membership: ("network_id",),
    StatedCount: ("network_id",),
    Relation: ("network_id", "target_network_id"),  # a relation shows on both networks' pages
    ContactPoint: ("network_id",),
}
OWNING_FIELDS = _OWNERS  # read by networks.concurrency to list the changes that moved a revision
_OWNER_NAMES = {model: {*fields, *(field.removesuffix("_id") for field in fields)} for model, fields in _OWNERS.items()}


def owning_network_ids(model, rows):
    """The pks of the networks whose entries show `rows` (instances of `model`); empty for other models."""
    fields = ("pk",) if model is Network else _OWNERS.get(model, ())
    return {getattr(row, field) for row in rows for field in fields} - {None}


def _remember_owners(sender, instance, raw=False, update_fields=None, **kwargs):
    # A row moved to another network changes the entry it leaves too (one query per saved row).
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & _OWNER_NAMES[sender]):
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*_OWNERS[sender]).first()
    instance._revision_owners_before = set(before or ()) - {None}


def _entries_changed(network_ids):
    # Revisions first, then the version: a process that sees the new version finds the revisions moved.
    bump_revisions(network_ids)
    catalogue_changed(entries_only=True)


def _on_row_write(sender, instance, raw=False, **kwargs):
    owners = owning_network_ids(sender, [instance]) | instance.__dict__.pop("_revision_owners_before", set())
    if raw:  # loaddata: pagecache reports it as a change to anything
        bump_revisions(owners)
    else:
        _entries_changed(owners)


def _on_network_write(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        _entries_changed([instance.pk])


def _on_network_delete(sender, instance, **kwargs):
    catalogue_changed(entries_only=True)  # the network is gone: indexes drop it


def links_changed(network_ids):
    """Record that these networks' topic or region links changed (one query).

    The links keep no history rows, so the API's `?modified_since=` reads the networks' `updated`
    time for them. Every path that writes links ends here: the related managers through the
    signals below (which move the revisions too), bulk writes (the import) by calling it.
    """
    ids = {pk for pk in network_ids if pk is not None}
    if ids:
        Network.objects.filter(pk__in=ids).update(updated=Now())
    return ids


_LINKED = {Network.topics.through: Topic, Network.regions.through: Region}


def _on_topics_or_regions(sender, instance, action, reverse, pk_set, **kwargs):
    # From a topic's or region's side (`topic.networks.add(...)`), pk_set holds networks; a clear
    # from that side names none, so the networks are read before it.
    if reverse and action == "pre_clear":
        linked = sender.objects.filter(**{_LINKED[sender]._meta.model_name: instance.pk}).values_list("network_id")
        instance._networks_before_clear = {pk for (pk,) in linked}
    elif action in {"post_add", "post_remove"} and pk_set:
        _entries_changed(links_changed(pk_set if reverse else [instance.pk]))
    elif action == "post_clear":
        unlinked = instance.__dict__.pop("_networks_before_clear", ()) if reverse else [instance.pk]
        _entries_changed(links_changed(unlinked))


def _on_topic_or_region_delete(sender, instance, **kwargs):
    # Deleting a topic or region removes its links without m2m signals.
    _entries_changed(links_changed(instance.networks.values_list("pk", flat=True)))


def receivers_connect():
    for model in _OWNERS:
        pre_save.connect(_remember_owners, sender=model, dispatch_uid=f"revision-before-{model.__name__}")
        post_save.connect(_on_row_write, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(_on_row_write, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
    post_save.connect(_on_network_write, sender=Network, dispatch_uid="revision-save-network")
    post_delete.connect(_on_network_delete, sender=Network, dispatch_uid="revision-delete-network")
    throughs = (Network.topics.through, Network.regions.through)
    for through in throughs:
        m2m_changed.connect(_on_topics_or_regions, sender=through, dispatch_uid=f"revision-m2m-{through.__name__}")
    for linked in _LINKED.values():
        pre_delete.connect(_on_topic_or_region_delete, sender=linked, dispatch_uid=f"revision-links-{linked.__name__}")
    entry_writes_register([Network, *_OWNERS], {through: Network for through in throughs})
