"""Network editors whose changes are held for review (issue 12, §3): every page they save on, the admin's forms,
the member and contact editors and the timeline's reverts, puts the change in the review queue as one request;
the secretariat accepts it (applied in one transaction, the timeline names proposer and reviewer), rejects it
with a reason or asks a question; a request whose entry changed meanwhile shows the conflict."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from corrections.models import ChangeRequest
from countries.models import Jurisdiction
from networks.models import ContactPoint, Membership, Network
from upkeep.changesets import recording
from upkeep.models import ChangeSet

from .admin_forms import form_data
from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_network_editor,
    make_secretariat_member,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return make_secretariat_member(username="sec", first_name="Sam", last_name="Secretary")


def _held_editor(network, held=True):
    editor = make_network_editor(network, email="editor@example.org", first_name="Eddie", last_name="Editor")
    editor.network_assignments.update(review_required=held)
    return editor


def _revision(network):
    return Network.objects.get(pk=network.pk).revision


def _members(network):
    return reverse("admin:networks_network_members", args=[network.pk])


def _contacts(network):
    return reverse("admin:networks_network_contacts", args=[network.pk])


def _timeline(network):
    return reverse("admin:networks_network_timeline", args=[network.pk])


def _review_page(network_request):
    return reverse("admin:corrections_changerequest_change", args=[network_request.pk])


def _decide(client, user, change_request, **data):
    client.force_login(user)
    return client.post(_review_page(change_request), data)


def _add_members(client, network, *codes, reason="Joined in 2024"):
    refs = [f"jurisdiction:{Jurisdiction.objects.get(code=code).pk}" for code in codes]
    data = {
        "action": "add",
        "paste-names": "",
        "paste-role": "member",
        "paste-since": "2024-01-01",
        "paste-source": "",
        "paste-reason": reason,
        "paste-revision": _revision(network),
        "paste-members": refs,
    }
    return client.post(_members(network), data)


def test_a_held_editors_pasted_members_wait_in_the_queue_and_are_added_when_accepted(client, reviewer):
    network = make_network()
    editor = _held_editor(network)
    client.force_login(editor)
    page = client.get(_members(network))
    assert "held for review" in page.content.decode()
    revision = _revision(network)
    response = _add_members(client, network, "AT", "BE")
    assert response.status_code == 302
    assert not Membership.objects.filter(network=network).exists()
    assert _revision(network) == revision  # nothing of the trial run was kept
    assert not ChangeSet.objects.exists()
    request = ChangeRequest.objects.get()
    assert (request.origin, request.subject, request.proposer) == ("editor", "member_add", editor)
    assert (request.explanation, request.base_revision) == ("Joined in 2024", revision)
    assert [(op["op"], op["values"]["role"], op["values"]["since"]) for op in request.changes] == [
        ("create", "member", "2024-01-01")
    ] * 2
    client.force_login(reviewer)
    review = client.get(_review_page(request))
    assert "Austria" in review.content.decode() and "Belgium" in review.content.decode()
    _decide(client, reviewer, request, decision="accept")
    added = Membership.objects.filter(network=network)
    assert sorted(m.jurisdiction.code for m in added) == ["AT", "BE"]
    change_set = ChangeSet.objects.get()
    assert (change_set.proposer, change_set.reviewer, change_set.user) == (editor, reviewer, reviewer)
    newest = client.get(_timeline(network)).context["entries"][0]
    assert newest.change_set == change_set and len(newest.changes) == 2
    timeline = client.get(_timeline(network)).content.decode()
    assert "reviewed by Sam Secretary" in timeline and "proposed by Eddie Editor" in timeline


def test_a_held_editors_end_of_memberships_is_applied_only_when_accepted(client, reviewer):
    network = make_network()
    ended = make_membership(network, Jurisdiction.objects.get(code="RU"), role=Membership.Role.OBSERVER)
    client.force_login(_held_editor(network))
    data = {
        "action": "change",
        "change-change": "end",
        "change-until": "2022-03-16",
        "change-role": "",
        "change-selected": [ended.pk],
        "change-reason": "Suspended",
        "change-revision": _revision(network),
    }
    assert client.post(_members(network), data).status_code == 302
    ended.refresh_from_db()
    assert ended.until is None
    request = ChangeRequest.objects.get()
    assert request.subject == "member_end"
    assert request.changes == [
        {
            "op": "set",
            "model": "networks.membership",
            "pk": ended.pk,
            "field": "until",
            "old": None,
            "new": "2022-03-16",
        }
    ]
    _decide(client, reviewer, request, decision="accept")
    ended.refresh_from_db()
    assert ended.until == datetime.date(2022, 3, 16)


def test_a_held_editors_bad_save_is_refused_as_for_anyone_and_nothing_is_queued(client):
    network = make_network(established=2000)
    member = make_membership(network, Jurisdiction.objects.get(code="GH"), since=datetime.date(2010, 1, 1))
    client.force_login(_held_editor(network))
    data = {
        "action": "change",
        "change-change": "end",
        "change-until": "2005-01-01",
        "change-role": "",
        "change-selected": [member.pk],
        "change-reason": "x",
        "change-revision": _revision(network),
    }
    response = client.post(_members(network), data)
    assert response.status_code == 200
    assert "after the end date" in " ".join(response.context["change"].non_field_errors())
    stale = {**data, "change-until": "2020-01-01", "change-revision": _revision(network) - 1}
    response = client.post(_members(network), stale)
    assert "Someone saved this network's entry" in " ".join(response.context["change"].non_field_errors())
    assert not ChangeRequest.objects.exists()


def test_the_review_shows_the_conflict_when_the_entry_changed_meanwhile(client, reviewer):
    network = make_network()
    member = make_membership(network, Jurisdiction.objects.get(code="GH"))
    client.force_login(_held_editor(network))
    data = {
        "action": "change",
        "change-change": "role",
        "change-role": "observer",
        "change-until": "",
        "change-selected": [member.pk],
        "change-reason": "x",
        "change-revision": _revision(network),
    }
    client.post(_members(network), data)
    request = ChangeRequest.objects.get()
    with recording(user=reviewer, reason="Meanwhile"):
        member.role = Membership.Role.PARTNER
        member.save()
    client.force_login(reviewer)
    page = client.get(_review_page(request))
    [line] = page.context["lines"]
    assert (line.then, line.now, line.proposed, line.conflict) == ("Member", "Partner", "Observer", True)
    assert "changed meanwhile" in page.content.decode()
    refused = _decide(client, reviewer, request, decision="accept")
    assert refused.status_code == 200 and refused.context["conflict"]
    member.refresh_from_db()
    assert member.role == Membership.Role.PARTNER
    _decide(client, reviewer, request, decision="accept", over_changes="yes")
    member.refresh_from_db()
    assert member.role == Membership.Role.OBSERVER


def test_a_held_editors_request_can_be_rejected_with_a_reason_or_questioned(
    client, reviewer, django_capture_on_commit_callbacks
):
    network = make_network()
    contact = make_contact(network, name="Office")
    client.force_login(_held_editor(network))
    data = {
        "action": "change",
        "change-change": "end",
        "change-selected": [contact.pk],
        "change-reason": "Gone",
        "change-revision": _revision(network),
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_contacts(network), data)
    request = ChangeRequest.objects.get()
    assert request.changes == [
        {"op": "delete", "model": "networks.contactpoint", "pk": contact.pk, "label": str(contact)}
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, reviewer, request, decision="question", note="Who replaces them?")
        _decide(client, reviewer, request, decision="reject", note="They are still in post.")
    assert ChangeRequest.objects.get().state == ChangeRequest.State.REJECTED
    assert ContactPoint.objects.filter(pk=contact.pk).exists()
    assert [message.to for message in mail.outbox] == [["editor@example.org"]] * 3  # received, question, rejected
    assert "They are still in post." in mail.outbox[-1].body


def test_a_held_editors_pasted_contact_table_becomes_one_request(client, reviewer):
    network = make_network()
    existing = make_contact(
        network, name="Ama Mensah", email="ama@example.org", jurisdiction=Jurisdiction.objects.get(code="GH")
    )
    client.force_login(_held_editor(network))
    table = (
        "name\tcountry\temail\tphone\n"
        "Ama Mensah\tGhana\tama@example.org\t+233 1\n"
        "Jean Dupont\tFrance\tjean@example.org\t\n"
    )
    data = {"action": "save", "paste-table": table, "paste-reason": "2025 list", "paste-revision": _revision(network)}
    assert client.post(_contacts(network), data).status_code == 302
    assert ContactPoint.objects.count() == 1 and ContactPoint.objects.get().phone == ""
    request = ChangeRequest.objects.get()
    assert sorted((op["op"], op.get("field", "")) for op in request.changes) == [("create", ""), ("set", "phone")]
    _decide(client, reviewer, request, decision="accept")
    existing.refresh_from_db()
    assert existing.phone == "+233 1"
    assert ContactPoint.objects.get(name="Jean Dupont").jurisdiction.code == "FR"


def test_a_held_editors_confirmation_is_recorded_at_once_as_through_the_reminders_link(client):
    network = make_network()
    contact = make_contact(network)
    editor = _held_editor(network)
    client.force_login(editor)
    data = {
        "action": "change",
        "change-change": "confirm",
        "change-on": "2026-03-12",
        "change-selected": [contact.pk],
        "change-reason": "Checked",
        "change-revision": _revision(network),
    }
    assert client.post(_contacts(network), data).status_code == 302
    contact.refresh_from_db()
    assert (contact.confirmed_on, contact.confirmed_by) == (datetime.date(2026, 3, 12), editor)
    assert not ChangeRequest.objects.exists()


def test_a_held_editors_revert_is_proposed_and_applied_when_accepted(client, reviewer):
    network = make_network(acronym="OLD")
    with recording(user=reviewer, reason="Renamed") as change_set:
        network.acronym = "NEW"
        network.save()
    client.force_login(_held_editor(network))
    data = {"revert": f"change-set:{change_set.pk}", "reason": "Wrong acronym", "revision": _revision(network)}
    assert client.post(_timeline(network), data).status_code == 302
    assert Network.objects.get(pk=network.pk).acronym == "NEW"
    request = ChangeRequest.objects.get()
    assert [(op["op"], op["field"], op["old"], op["new"]) for op in request.changes] == [
        ("set", "acronym_en", "NEW", "OLD")  # the English column; the original follows it on save
    ]
    _decide(client, reviewer, request, decision="accept")
    assert Network.objects.get(pk=network.pk).acronym == "OLD"


def test_a_held_editors_topics_and_regions_wait_in_the_queue(client, reviewer):
    old, new = make_topic(name="Corruption"), make_topic(name="Cybercrime")
    network = make_network(topics=[old])
    client.force_login(_held_editor(network))
    url = reverse("admin:networks_network_change", args=[network.pk])
    data = form_data(client.get(url))
    data["topics"] = [str(new.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(network.topics.all()) == [old]
    request = ChangeRequest.objects.get()
    assert request.changes == [
        {
            "op": "set",
            "model": "networks.network",
            "pk": network.pk,
            "field": "topics",
            "old": [old.pk],
            "new": [new.pk],
        }
    ]
    client.force_login(reviewer)
    [line] = client.get(_review_page(request)).context["lines"]
    assert (line.field, line.then, line.proposed) == ("Topics", "Corruption", "Cybercrime")
    _decide(client, reviewer, request, decision="accept")
    assert list(network.topics.all()) == [new]


def test_an_editor_who_publishes_directly_still_saves_at_once(client):
    network = make_network()
    client.force_login(_held_editor(network, held=False))
    assert "held for review" not in client.get(_members(network)).content.decode()
    _add_members(client, network, "AT")
    assert Membership.objects.filter(network=network).count() == 1
    assert not ChangeRequest.objects.exists()
