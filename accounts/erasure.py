"""Complete erasure of a person's contact details at their request: record, history, log lines, cached pages.

One mechanism for every kind of contact record (contact points, liaison posts' contacts): each
kind is registered with `erasable_register`, naming the record whose admin page edits it inline
(its network, its post) and the network its audit event names.

Every trace is found by the record's identity, not by its current label: its history rows (by id)
give every name and e-mail address it had and every parent it belonged to, so a contact renamed or
moved before erasure is scrubbed from the admin log of each of those parents too.

Copies held elsewhere are removed by receivers of `personal_data_erased`, sent inside the erasure's
transaction with the record's model (as sender), former id and every name and e-mail address it had:
uploads waiting for an import's confirmation (exchange.PendingImport) are discarded, since they may
hold the record's row in any shape (connected in accounts.apps); change requests and change-set
reasons that quote it are dealt with by their apps.
"""

import json
import operator
from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from exchange.uploads import pending_imports_discard
from networks.models import ContactPoint
from pagecache.middleware import cached_pages_purge

from .models import AuditEvent

# Sent with sender (the model), record_id (int), names (set of str), emails (set of str) and placeholder
# (what stands for the record where a text named it) once the rows are gone.
personal_data_erased = Signal()


@dataclass(frozen=True)
class Erasable:
    """What erasure needs to know of one kind of contact record."""

    parent: str  # the foreign key to the record whose admin page edits it inline, and logs it by name
    network: str  # the attribute path (dotted) to the id of the network its audit event names
    audit_kind: str  # AuditEvent.Kind
    placeholder: str  # what replaces its names in log lines and reasons


_ERASABLE = {}


def erasable_register(model, **spec):
    """Let `model`'s records be erased completely (admin action, command, `personal_data_erase`)."""
    _ERASABLE[model] = Erasable(**spec)


def erasable(model):
    """The registered Erasable of `model`, or None."""
    return _ERASABLE.get(model)


erasable_register(
    ContactPoint,
    parent="network",
    network="network_id",
    audit_kind=AuditEvent.Kind.CONTACT_ERASED,
    placeholder="[erased contact point]",
)


@transaction.atomic
def personal_data_erase(*, record, actor=None):
    """Delete `record` (of a registered kind) with every trace of its data; leave an audit event that holds none.

    Deleting through the ORM adds one more history row ("deleted"), so history goes last.
    Admin log lines about the record are deleted; the log lines of every parent it belonged to
    that name it (inline edits) keep their entry with the name replaced. Cached pages are purged
    (they may show it, if it was public). Returns the AuditEvent.
    """
    model, spec = type(record), _ERASABLE[type(record)]
    parent_field = model._meta.get_field(spec.parent)
    parent_id = parent_field.attname
    pk, network_id = record.pk, operator.attrgetter(spec.network)(record)
    versions = list(model.history.filter(id=pk).values("name", "email", parent_id))
    names = {record.name, *(version["name"] for version in versions)} - {""}
    emails = {record.email, *(version["email"] for version in versions)} - {""}
    parents = {getattr(record, parent_id), *(version[parent_id] for version in versions)} - {None}
    record.delete()
    history_rows, _ = model.history.filter(id=pk).delete()
    log_rows, _ = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(pk)
    ).delete()
    scrubbed = _scrub_parent_log(parent_field.related_model, parents, names, spec.placeholder)
    personal_data_erased.send(sender=model, record_id=pk, names=names, emails=emails, placeholder=spec.placeholder)
    transaction.on_commit(cached_pages_purge)
    return AuditEvent.objects.create(
        kind=spec.audit_kind,
        actor=actor,
        network_id=network_id,
        object_id=pk,
        detail=f"{history_rows} history rows and {log_rows} log lines deleted, "
        f"{scrubbed} log lines of its {parent_field.related_model._meta.verbose_name_plural} scrubbed",
    )


def _names_it(label, names):
    # The admin logs a contact as "<name> (<its parent>)", the parent's label as it was then.
    return any(label == name or label.startswith(f"{name} (") for name in names)


def _scrub_parent_log(parent_model, parent_ids, names, placeholder):
    """Replace the record's names in the change messages of these parents' admin log (returns a count)."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(parent_model), object_id__in=[str(pk) for pk in parent_ids]
    ).only("change_message")
    changed = []
    for entry in entries:
        try:
            message = json.loads(entry.change_message or "[]")
        except json.JSONDecodeError:
            continue
        touched = False
        for part in message if isinstance(message, list) else []:
            for details in part.values() if isinstance(part, dict) else []:
                if isinstance(details, dict) and _names_it(str(details.get("object", "")), names):
                    details["object"] = placeholder
                    touched = True
        if touched:
            entry.change_message = json.dumps(message)
            changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["change_message"])
    return len(changed)


def pending_imports_discard_on_erasure(sender, **kwargs):
    """Receiver of personal_data_erased: an upload previewed but not confirmed may hold the record's data."""
    pending_imports_discard()
