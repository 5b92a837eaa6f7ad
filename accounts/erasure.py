"""Complete erasure of a contact point at the person's request: the record, its history and its log lines."""

import json

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from networks.models import ContactPoint, Network

from .models import AuditEvent

ERASED = "[erased contact point]"


@transaction.atomic
def contact_point_erase(*, contact, actor=None):
    """Delete `contact` with every trace of its data; leave an audit event that holds none.

    Deleting through the ORM adds one more history row ("deleted"), so history goes last.
    Admin log lines about the contact are deleted; the network's own log lines that name it
    (inline edits) keep their entry with the name replaced.
    """
    pk, network_id, label = contact.pk, contact.network_id, str(contact)
    contact.delete()
    history_rows, _ = ContactPoint.history.filter(id=pk).delete()
    log_rows, _ = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(ContactPoint), object_id=str(pk)
    ).delete()
    scrubbed = _scrub_network_log(network_id, label)
    return AuditEvent.objects.create(
        kind=AuditEvent.Kind.CONTACT_ERASED,
        actor=actor,
        network_id=network_id,
        object_id=pk,
        detail=f"{history_rows} history rows and {log_rows} log lines deleted, {scrubbed} network log lines scrubbed",
    )


def _scrub_network_log(network_id, label):
    """Replace the contact's name in the change messages of its network's admin log."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Network), object_id=str(network_id)
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
                if isinstance(details, dict) and details.get("object") == label:
                    details["object"] = ERASED
                    touched = True
        if touched:
            entry.change_message = json.dumps(message)
            changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["change_message"])
    return len(changed)
