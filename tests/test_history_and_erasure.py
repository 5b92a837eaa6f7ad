"""Per-entry history with revert for the secretariat and the entry's editors; complete erasure of a contact."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuditEvent
from networks.models import ContactPoint, Network

from .factories import make_contact, make_network, make_network_editor, make_secretariat_member

pytestmark = pytest.mark.django_db


def _history_url(obj):
    return reverse(f"admin:networks_{obj._meta.model_name}_history", args=[obj.pk])


def _revert_url(obj, record):
    return reverse(f"admin:networks_{obj._meta.model_name}_simple_history", args=[obj.pk, record.history_id])


def _revert(client, contact, record):
    """Submit the old version's form as the history page shows it."""
    response = client.get(_revert_url(contact, record))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {b.html_name: ("" if b.value() is None else b.value()) for b in form}
    data = {k: v for k, v in data.items() if v is not False}
    return client.post(_revert_url(contact, record), {k: "on" if v is True else v for k, v in data.items()})


@pytest.mark.parametrize("role", ["secretariat", "editor"])
def test_the_secretariat_and_the_networks_editor_see_the_history_and_revert(client, role):
    network = make_network()
    contact = make_contact(network, email="old@example.org")
    contact.email = "new@example.org"
    contact.save()
    user = make_secretariat_member() if role == "secretariat" else make_network_editor(network)
    client.force_login(user)

    page = client.get(_history_url(contact)).content.decode()
    assert "old@example.org" in page and "new@example.org" in page  # the change is shown with old values

    original = contact.history.earliest("history_date")
    assert _revert(client, contact, original).status_code == 302
    contact.refresh_from_db()
    assert contact.email == "old@example.org"
    assert contact.history.latest("history_date").history_user == user


def test_an_editor_sees_no_history_of_another_network_and_cannot_pull_a_moved_contact_back(client):
    own, other = make_network(), make_network()
    contact = make_contact(own)
    contact.network = other  # the secretariat moved it
    contact.save()
    client.force_login(make_network_editor(own))
    assert client.get(_history_url(other)).status_code in (302, 403, 404)
    assert client.get(_history_url(contact)).status_code in (302, 403, 404)
    version_in_own = contact.history.earliest("history_date")
    assert client.get(_revert_url(contact, version_in_own)).status_code == 403
    assert client.post(_revert_url(contact, version_in_own), {"network": own.pk, "name": "x"}).status_code == 403
    contact.refresh_from_db()
    assert contact.network == other


def test_an_editor_does_not_see_internal_notes_in_the_networks_history(client):
    network = make_network(internal_notes="first remark")
    network.internal_notes = "second remark"
    network.save()
    client.force_login(make_network_editor(network))
    page = client.get(_history_url(network)).content.decode()
    assert "remark" not in page
    client.force_login(make_secretariat_member())
    assert "second remark" in client.get(_history_url(network)).content.decode()


def _contact_with_traces(secretariat):
    """A contact edited twice and named in its network's admin log, as inline edits leave it."""
    network = make_network(name="Canary network")
    contact = make_contact(network, name="Jana Novak", email="jana.novak@example.org")
    contact.phone = "+420 1"
    contact.save()
    for content_type, object_id, message in [
        (ContentType.objects.get_for_model(ContactPoint), contact.pk, [{"changed": {"fields": ["Phone"]}}]),
        (
            ContentType.objects.get_for_model(Network),
            network.pk,
            [{"added": {"name": "contact point", "object": str(contact)}}, {"changed": {"fields": ["Description"]}}],
        ),
    ]:
        LogEntry.objects.create(
            user=secretariat,
            content_type=content_type,
            object_id=str(object_id),
            object_repr=str(contact) if content_type.model == "contactpoint" else str(network),
            action_flag=CHANGE,
            change_message=json.dumps(message),
        )
    return network, contact


def _no_trace_left(contact_pk, *texts):
    assert not ContactPoint.objects.filter(pk=contact_pk).exists()
    assert not ContactPoint.history.filter(id=contact_pk).exists()
    leftovers = list(LogEntry.objects.values_list("object_repr", "change_message"))
    leftovers += list(AuditEvent.objects.values_list("detail", flat=True))
    for text in texts:
        assert text not in repr(leftovers)


def test_the_secretariat_erases_a_contact_completely_after_confirming(client):
    secretariat = make_secretariat_member()
    network, contact = _contact_with_traces(secretariat)
    client.force_login(secretariat)
    url = reverse("admin:networks_contactpoint_changelist")
    confirm = client.post(url, {"action": "erase_completely", "_selected_action": [contact.pk]})
    assert confirm.status_code == 200 and "cannot be undone" in confirm.content.decode()
    assert ContactPoint.objects.filter(pk=contact.pk).exists()

    done = client.post(url, {"action": "erase_completely", "_selected_action": [contact.pk], "confirm": "yes"})
    assert done.status_code == 302
    _no_trace_left(contact.pk, "Jana", "Novak", "jana.novak")
    event = AuditEvent.objects.get()
    assert (event.kind, event.actor, event.network, event.object_id) == (
        AuditEvent.Kind.CONTACT_ERASED,
        secretariat,
        network,
        contact.pk,
    )
    # The network's own log line survives, with the name replaced.
    assert "[erased contact point]" in LogEntry.objects.get(object_id=str(network.pk)).change_message


def test_an_editor_cannot_erase_even_a_contact_of_their_network(client):
    network = make_network()
    contact = make_contact(network)
    client.force_login(make_network_editor(network))
    url = reverse("admin:networks_contactpoint_changelist")
    actions = [name for name, _ in client.get(url).context["action_form"].fields["action"].choices]
    assert "mark_verified" in actions and "erase_completely" not in actions
    client.post(url, {"action": "erase_completely", "_selected_action": [contact.pk], "confirm": "yes"})
    assert ContactPoint.objects.filter(pk=contact.pk).exists()
    assert contact.history.exists()


def test_the_erase_command_erases_and_refuses_unknown_ids():
    secretariat = make_secretariat_member()
    _, contact = _contact_with_traces(secretariat)
    with pytest.raises(CommandError, match="No contact point with id 999999"):
        call_command("erase_contact_point", str(contact.pk), "999999")
    assert ContactPoint.objects.filter(pk=contact.pk).exists()  # all or nothing
    call_command("erase_contact_point", str(contact.pk))
    _no_trace_left(contact.pk, "Jana", "Novak", "jana.novak")
    assert AuditEvent.objects.get().actor is None
