"""`?modified_since=`: what changed or ended since a moment, and what was deleted (tombstones), from history.

django-simple-history keeps a row per save and delete of every catalogue model, so "changed since"
is "has a history row since", and a deletion is a history row of type "-" whose record is gone.
"""

from django.db.models import Q
from django.utils import timezone

from networks.models import Membership, Network, NetworkAlias, NetworkSource, Relation, StatedCount
from networks.models.contacts import visible_rows

# Rows shown inside a network's API entry: a change to one is a change to the entry (fields naming it).
NETWORK_PARTS = {
    NetworkAlias: ["network"],
    NetworkSource: ["network"],
    StatedCount: ["network"],
    Membership: ["network"],
    Relation: ["network", "target_network"],
}


def _changed(model, since, field="id"):
    return model.history.filter(history_date__gte=since).values(field)


def changed_since(queryset, since):
    """The rows of `queryset` changed (or, for memberships, ended) at or after `since` (one subquery each)."""
    model = queryset.model
    condition = Q(pk__in=_changed(model, since))
    if model is Network:
        condition |= Q(updated__gte=since)  # its topic and region links, which keep no history (networks.revisions)
        for part, fields in NETWORK_PARTS.items():
            for field in fields:
                condition |= Q(pk__in=_changed(part, since, f"{field}_id"))
    if model is Membership:
        condition |= Q(until__gte=since.date(), until__lte=timezone.localdate())
    return queryset.filter(condition)


def tombstones(model, since, *, id_field="id", visible=None, user=None):
    """[{"id", "deleted_at"}] for records deleted since `since` (one query); "id" as the record's own `id` gives it
    (a network's registry identifier, another record's number).

    For contact points (`visible` is the client's visible queryset), also those changed since
    and no longer visible to the client, but only those whose some version it could see.
    """
    history = model.history.filter(history_date__gte=since)
    if visible is None:
        gone = history.filter(history_type="-").exclude(id__in=model._default_manager.values("pk"))
    else:
        ever_seen = visible_rows(model.history.all(), user).values("id")
        gone = history.exclude(id__in=visible.values("pk")).filter(id__in=ever_seen)
    latest = {}
    for record_id, deleted_at in gone.order_by("history_date", "history_id").values_list(id_field, "history_date"):
        latest[record_id] = deleted_at
    return [{"id": record_id, "deleted_at": deleted_at} for record_id, deleted_at in sorted(latest.items())]
