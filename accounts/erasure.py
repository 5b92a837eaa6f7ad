"""Complete erasure of a contact point at the person's request: the record, its history, its log lines, cached pages.

Every trace is found by the contact point's identity, not by its current label: its history rows
(by id) give every name it had and every network it belonged to, so a contact renamed or moved
before erasure is scrubbed from the admin log of each of those networks too.

Copies of contact data held elsewhere are removed by receivers of `contact_point_erased`, sent
inside the erasure's transaction with the contact's former id and every name and e-mail address it
had: uploads waiting for an import's confirmation (exchange.PendingImport) are discarded, since
they may hold the contact's row in any shape (connected in accounts.apps).
"""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal

from exchange.uploads import pending_imports_discard
from networks.models import ContactPoint, Network
from pagecache.middleware import cached_pages_purge

from .models import AuditEvent

ERASED = "[erased contact point]"

# Sent with contact_id (int), names (set of str), emails (set of str) once the rows are gone.
contact_point_erased = Signal()


@transaction.atomic
def contact_point_erase(*, contact, actor=None):
    """Delete `contact` with every trace of its data; leave an audit event that holds none.

    Deleting through the ORM adds one more history row ("deleted"), so history goes last.
    Admin log lines about the contact are deleted; the log lines of every network it belonged to
    that name it (inline edits) keep their entry with the name replaced. Cached pages are purged
    (they may show it, if it was public). Returns the AuditEvent.
    """
    pk, network_id = contact.pk, contact.network_id
    versions = list(ContactPoint.history.filter(id=pk).values("name", "email", "network_id"))
    names = {contact.name, *(version["name"] for version in versions)} - {""}
    emails = {contact.email, *(version["email"] for version in versions)} - {""}
    networks = {network_id, *(version["network_id"] for version in versions)}
    contact.delete()
    history_rows, _ = ContactPoint.history.filter(id=pk).delete()
    log_rows, _ = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPoint), object_id=str(pk)
    ).delete()
    scrubbed = _scrub_network_log(networks, names)
    contact_point_erased.send(sender=ContactPoint, contact_id=pk, names=names, emails=emails)
    transaction.on_commit(cached_pages_purge)
    return AuditEvent.objects.create(
        kind=AuditEvent.Kind.CONTACT_ERASED,
        actor=actor,
        network_id=network_id,
        object_id=pk,
        detail=f"{history_rows} history rows and {log_rows} log lines deleted, {scrubbed} network log lines scrubbed",
    )


def _names_it(label, names):
    # The admin logs a contact point as "<name> (<its network>)", the network's name as it was then.
    return any(label == name or label.startswith(f"{name} (") for name in names)


def _scrub_network_log(network_ids, names):
    """Replace the contact's names in the change messages of these networks' admin log (returns a count)."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Network), object_id__in=[str(pk) for pk in network_ids]
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
                    details["object"] = ERASED
                    touched = True
        if touched:
            entry.change_message = json.dumps(message)
            changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["change_message"])
    return len(changed)


def pending_imports_discard_on_erasure(sender, **kwargs):
    """Receiver of contact_point_erased: an upload previewed but not confirmed may hold the contact's data."""
    pending_imports_discard()
