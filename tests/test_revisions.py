"""Each network's revision moves with every change to its entry, and a stale claim is refused."""

import pytest
from django.db import transaction

from countries.models import Jurisdiction
from networks.models import Network
from networks.revisions import StaleEntry, bump_revisions, claim_revision
from tests.factories import make_contact, make_membership, make_network, make_topic

pytestmark = pytest.mark.django_db


def revision(network):
    return Network.objects.values_list("revision", flat=True).get(pk=network.pk)


def test_it_moves_when_anything_belonging_to_the_entry_changes():
    network = make_network()
    start = revision(network)
    membership = make_membership(network, Jurisdiction.objects.get(code="GH"))
    after_member = revision(network)
    membership.delete()
    after_delete = revision(network)
    make_contact(network)
    after_contact = revision(network)
    network.topics.add(make_topic())
    assert start < after_member < after_delete < after_contact < revision(network)


def test_a_relation_moves_both_networks_it_shows_on():
    network, other = make_network(), make_network()
    before = revision(network), revision(other)
    network.relations.create(kind="partner", target_network=other)
    assert revision(network) > before[0] and revision(other) > before[1]


def test_saving_a_stale_instance_never_puts_an_old_revision_back():
    network = make_network()
    stale = Network.objects.get(pk=network.pk)
    bump_revisions([network.pk])
    bump_revisions([network.pk])
    moved = revision(network)
    stale.description = "edited from an old form"
    stale.save()
    assert revision(network) == moved + 1  # the save's own bump, on top of the others'


def test_a_claim_from_the_current_revision_succeeds_and_moves_it_on():
    network = make_network()
    seen = revision(network)
    with transaction.atomic():
        assert claim_revision(network.pk, seen) == seen + 1
    assert revision(network) == seen + 1


@pytest.mark.parametrize("seen", ["old", None, "abc", "99999999999999999999999"])
def test_a_claim_from_a_stale_or_forged_revision_is_refused(seen):
    network = make_network()
    current = revision(network)
    with pytest.raises(StaleEntry) as refused, transaction.atomic():
        claim_revision(network.pk, current - 1 if seen == "old" else seen)
    assert refused.value.current == current
    assert revision(network) == current


@pytest.mark.django_db(transaction=True)
def test_a_claim_outside_a_transaction_is_a_programming_error():
    network = make_network()
    with pytest.raises(RuntimeError):
        claim_revision(network.pk, revision(network))


def test_a_claim_on_a_deleted_network_says_it_no_longer_exists():
    network = make_network()
    seen = revision(network)
    Network.objects.filter(pk=network.pk).delete()
    with pytest.raises(Network.DoesNotExist), transaction.atomic():
        claim_revision(network.pk, seen)
