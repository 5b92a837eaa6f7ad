"""Each network's revision: a counter that moves whenever its entry or anything belonging to it changes.

Optimistic concurrency for every way of editing an entry (the admin form, the member and contact
editors, change requests, re-imported exports): the editor remembers the revision it started from
and the save claims it with one conditional UPDATE. If someone else saved in between, the claim
fails and the save is refused with what changed meanwhile, instead of silently undoing their work.

`Network.save()` never writes the column; only `bump_revisions` and `claim_revision` move it, so a
stale in-memory instance cannot put an old value back. Signals bump it for ordinary saves and
deletes of a network's rows; bulk writes (imports, loaders) call `bump_revisions` themselves.
"""

from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import ContactPoint, Membership, Network, NetworkAlias, NetworkSource, Relation, StatedCount


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


def owning_network_ids(model, rows):
    """The pks of the networks whose entries show `rows` (instances of `model`); empty for other models."""
    fields = ("pk",) if model is Network else _OWNERS.get(model, ())
    return {getattr(row, field) for row in rows for field in fields} - {None}


def _on_row_write(sender, instance, **kwargs):
    bump_revisions(owning_network_ids(sender, [instance]))


def _on_network_write(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None:
        bump_revisions([instance.pk])


def _on_topics_or_regions(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, Network):
        bump_revisions([instance.pk])


def receivers_connect():
    for model in _OWNERS:
        post_save.connect(_on_row_write, sender=model, dispatch_uid=f"revision-save-{model.__name__}")
        post_delete.connect(_on_row_write, sender=model, dispatch_uid=f"revision-delete-{model.__name__}")
    post_save.connect(_on_network_write, sender=Network, dispatch_uid="revision-save-network")
    for through in (Network.topics.through, Network.regions.through):
        m2m_changed.connect(_on_topics_or_regions, sender=through, dispatch_uid=f"revision-m2m-{through.__name__}")
