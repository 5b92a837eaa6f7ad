"""Change sets (upkeep.changesets): every history row written inside `recording` points to one ChangeSet."""

import threading

import pytest
from simple_history.utils import bulk_create_with_history

from networks.models import ContactPoint, Membership, Network, NetworkAlias, Relation, StatedCount
from tests.factories import (
    make_contact,
    make_membership,
    make_network,
    make_organisation,
    make_relation,
    make_secretariat_member,
)
from upkeep.changesets import current, recording
from upkeep.models import ChangeSet

pytestmark = pytest.mark.django_db


def test_every_history_row_written_inside_points_to_the_change_set():
    network, organisation = make_network(), make_organisation()
    user = make_secretariat_member()
    with recording(user=user, reason="Report of 2024") as change_set:
        network.acronym = "NET"
        network.save()
        make_membership(network, organisation)
        make_relation(network, make_organisation())
        make_contact(network)
        alias = NetworkAlias.objects.create(network=network, name="Other name")
        count = StatedCount.objects.create(network=network, count=12, label="members")
        alias.delete()
        count.delete()
    rows = {
        model: list(model.history.values_list("history_type", "change_set_id"))
        for model in (Network, Membership, Relation, ContactPoint, NetworkAlias, StatedCount)
    }
    assert rows[Network] == [("~", change_set.pk), ("+", None)]  # created before the change set opened
    for model in (Membership, Relation, ContactPoint):
        assert rows[model] == [("+", change_set.pk)], model
    for model in (NetworkAlias, StatedCount):
        assert sorted(rows[model]) == [("+", change_set.pk), ("-", change_set.pk)], model


def test_rows_without_a_user_take_the_change_sets_and_the_reason_stays_on_the_change_set():
    network = make_network()
    user = make_secretariat_member()
    with recording(user=user, reason="Checked against the 2024 report") as change_set:
        make_membership(network, make_organisation())
    row = Membership.history.get()
    assert row.history_user == user
    assert row.history_change_reason is None
    assert ChangeSet.objects.get(pk=change_set.pk).reason == "Checked against the 2024 report"


def test_rows_outside_any_change_set_have_none():
    network = make_network()
    with recording(user=None, reason="first"):
        pass
    make_membership(network, make_organisation())
    assert current() is None
    assert Membership.history.get().change_set is None
    assert Network.history.get().change_set is None


def test_bulk_history_rows_of_imports_and_loaders_are_linked():
    network = make_network()
    with recording(user=None, reason="import") as change_set:
        bulk_create_with_history([NetworkAlias(network=network, name=f"Alias {i}") for i in range(3)], NetworkAlias)
    assert NetworkAlias.history.filter(change_set=change_set).count() == 3


def test_an_exception_rolls_back_the_change_set_and_its_rows():
    network = make_network()
    with pytest.raises(RuntimeError), recording(user=None, reason="fails"):
        make_membership(network, make_organisation())
        raise RuntimeError("stop")
    assert not ChangeSet.objects.exists()
    assert not Membership.history.exists()
    assert current() is None


def test_a_nested_recording_joins_the_outer_change_set():
    network = make_network()
    reviewer = make_secretariat_member()
    proposal = {"reviewer": reviewer, "proposer_email": "a@example.org"}
    with recording(user=reviewer, reason="Accepted proposal", **proposal) as outer:
        with recording(user=None, reason="inner") as inner:
            make_membership(network, make_organisation())
        assert inner == outer and current() == outer
        make_contact(network)
    assert ChangeSet.objects.count() == 1
    assert Membership.history.get().change_set == outer
    assert ContactPoint.history.get().change_set == outer
    stored = ChangeSet.objects.get()
    assert (stored.reviewer, stored.proposer_email, stored.reason) == (reviewer, "a@example.org", "Accepted proposal")


def test_a_revert_names_the_change_set_it_undoes():
    with recording(user=None, reason="mistake") as first:
        pass
    with recording(user=None, reason="undo", reverts=first) as revert:
        pass
    assert list(first.reverted_by.all()) == [revert]


def test_a_change_set_open_in_one_thread_is_not_open_in_another():
    seen = []

    def other_thread():
        seen.append(Membership.history.model().change_set_id)  # a history row built there now

    with recording(user=None, reason="mine") as change_set:
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        assert Membership.history.model().change_set_id == change_set.pk
    assert seen == [None]
