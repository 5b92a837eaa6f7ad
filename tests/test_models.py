import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import translation

from accounts.models import AuditEvent
from countries.models import Jurisdiction
from exchange.models import ImportRecord
from networks.models import Membership, Network, Relation

from .factories import make_liaison_post, make_membership, make_network, make_network_editor, make_organisation

pytestmark = pytest.mark.django_db


def test_database_rejects_a_membership_without_member():
    network = make_network()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(network=network, role=Membership.Role.MEMBER)


def test_database_rejects_a_membership_with_two_members():
    network = make_network()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            network=network,
            jurisdiction=Jurisdiction.objects.get(code="GH"),
            organisation=make_organisation(),
        )


@pytest.mark.parametrize("kind", ["jurisdiction", "organisation", "network"])
def test_database_rejects_a_duplicate_membership(kind):
    network = make_network()
    member = {
        "jurisdiction": lambda: Jurisdiction.objects.get(code="GH"),
        "organisation": make_organisation,
        "network": make_network,
    }[kind]()
    make_membership(network, member, role=Membership.Role.OBSERVER)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(network, member, role=Membership.Role.OBSERVER)
    # The same member in another role is a different fact and is allowed.
    make_membership(network, member, role=Membership.Role.PARTNER)


def test_database_rejects_a_network_as_its_own_member():
    network = make_network()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(network, network)


def test_database_rejects_a_membership_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_membership(
            make_network(),
            Jurisdiction.objects.get(code="FR"),
            since=datetime.date(2020, 1, 1),
            until=datetime.date(2019, 1, 1),
        )


def test_database_rejects_an_implausible_founding_year():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_network(established=3024)


def test_database_rejects_a_relation_with_two_targets():
    with pytest.raises(IntegrityError), transaction.atomic():
        Relation.objects.create(
            network=make_network(),
            kind=Relation.Kind.HOSTED_BY,
            target_network=make_network(),
            target_organisation=make_organisation(),
        )


def test_an_ended_membership_is_kept_but_not_current():
    network = make_network()
    uk = Jurisdiction.objects.get(code="GB")
    fr = Jurisdiction.objects.get(code="FR")
    make_membership(network, uk, until=datetime.date(2020, 1, 31))
    make_membership(network, fr)

    assert set(network.memberships.values_list("jurisdiction__code", flat=True)) == {"GB", "FR"}
    assert list(network.memberships.current().values_list("jurisdiction__code", flat=True)) == ["FR"]
    assert list(network.memberships.ended().values_list("jurisdiction__code", flat=True)) == ["GB"]


def test_member_counts_count_current_members_only():
    network = make_network()
    make_membership(network, Jurisdiction.objects.get(code="GB"), until=datetime.date(2020, 1, 31))
    make_membership(network, Jurisdiction.objects.get(code="FR"))
    make_membership(network, Jurisdiction.objects.get(code="DE"))
    make_membership(network, make_organisation(), role=Membership.Role.OBSERVER)

    counted = Network.objects.with_member_counts().get(pk=network.pk)

    assert (counted.member_count, counted.participant_count) == (2, 3)


def test_stale_lists_networks_never_verified_or_verified_over_a_year_ago():
    today = datetime.date.today()
    never = make_network()
    old = make_network(last_verified=today - datetime.timedelta(days=400))
    make_network(last_verified=today - datetime.timedelta(days=30))

    assert set(Network.objects.stale()) == {never, old}


def test_the_labels_of_rows_are_worded_in_the_active_language():
    """The admin names rows by __str__: on a French admin page "Ghana — Membre of WACAP" mixed English words in."""
    network = make_network(name="WACAP")
    ghana = Jurisdiction.objects.get(code="GH")
    rows = [
        make_membership(network, ghana),
        make_liaison_post(Jurisdiction.objects.get(code="FR"), ghana),
        make_network_editor(network, username="eddie").network_assignments.get(),
        AuditEvent.objects.create(kind=AuditEvent.Kind.CONTACT_ERASED, object_id=7),
        ImportRecord.objects.create(
            via=ImportRecord.Via.ADMIN,
            file_name="members.csv",
            content_type=ContentType.objects.get_for_model(Membership),
            rows_new=1,
            rows_updated=0,
            rows_unchanged=0,
        ),
    ]
    english_words = re.compile(r"\b(of|at|edits|on|into)\b")
    with translation.override("fr"):
        labels = [str(row) for row in rows]
    assert [label for label in labels if english_words.search(label)] == []
    with translation.override("en"):
        assert str(rows[0]) == "Ghana — Member of WACAP"
