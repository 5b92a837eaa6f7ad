"""`?modified_since=` sees a network's topic and region links change, by whatever path they change.

The links have no history rows of their own: every path (the related managers from either side,
the CSV import's bulk writes, the deletion of a topic) must move the network's modification time.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from countries.models import Region
from exchange.formats import read_table
from exchange.resources import NetworkResource
from exchange.services import catalogue_import
from networks.models import Network

from .factories import make_network, make_topic

pytestmark = pytest.mark.django_db
NETWORKS = reverse("api:network-list")


@pytest.fixture
def linked():
    """(network, its topic, another topic, a region), the network also linked to that region; then a quiet moment."""
    topic, other = make_topic(slug="cybercrime"), make_topic(slug="mla")
    network = make_network(slug="ejn", name="European Judicial Network", topics=[topic])
    network.regions.add(Region.objects.get(slug="europe"))
    make_network(slug="quiet", topics=[topic])
    return network, topic, other, Region.objects.get(slug="africa")


def _changed_since(client, moment):
    response = client.get(NETWORKS, {"modified_since": moment.isoformat()})
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["results"]]


def _moment():
    """A moment after everything saved so far (history and timestamps are compared with >=)."""
    return timezone.now() + datetime.timedelta(microseconds=1)


@pytest.mark.parametrize(
    "change",
    [
        lambda network, topic, other, region: network.topics.add(other),
        lambda network, topic, other, region: network.topics.remove(topic),
        lambda network, topic, other, region: network.topics.clear(),
        lambda network, topic, other, region: network.topics.set([other]),
        lambda network, topic, other, region: network.regions.add(region),
        lambda network, topic, other, region: network.regions.clear(),
        lambda network, topic, other, region: other.networks.add(network),
        lambda network, topic, other, region: region.networks.set([network]),
    ],
    ids=[
        "topics.add",
        "topics.remove",
        "topics.clear",
        "topics.set",
        "regions.add",
        "regions.clear",
        "topic.networks.add",
        "region.networks.set",
    ],
)
def test_a_link_changed_in_code_makes_the_network_modified(client, linked, change):
    network, *_rest = linked
    moment = _moment()
    assert _changed_since(client, moment) == []
    change(*linked)
    assert _changed_since(client, moment) == ["ejn"]


def test_the_reverse_clear_makes_every_network_it_unlinks_modified(client, linked):
    network, topic, _other, _region = linked
    moment = _moment()
    topic.networks.clear()
    assert _changed_since(client, moment) == ["ejn", "quiet"]


def test_adding_a_link_already_there_changes_nothing(client, linked):
    network, topic, _other, _region = linked
    moment = _moment()
    network.topics.add(topic)
    assert _changed_since(client, moment) == []


def test_a_deleted_topic_makes_its_networks_modified(client, linked):
    network, topic, _other, _region = linked
    moment = _moment()
    topic.delete()
    assert _changed_since(client, moment) == ["ejn", "quiet"]


def test_a_link_change_moves_the_revision_from_either_side(linked):
    network, _topic, other, _region = linked
    before = Network.objects.get(pk=network.pk).revision
    other.networks.add(network)
    assert Network.objects.get(pk=network.pk).revision == before + 1


@pytest.mark.parametrize(("topics", "regions"), [("cybercrime;mla", "europe"), ("cybercrime", "europe;africa")])
def test_the_csv_import_of_links_alone_makes_the_network_modified(client, linked, topics, regions):
    moment = _moment()
    text = f"slug,name,type,topics,regions\nejn,European Judicial Network,judicial,{topics},{regions}\n"
    headers, rows = read_table(text.encode(), "networks.csv")
    (report,) = catalogue_import(tables=[(NetworkResource, "networks.csv", headers, rows)])
    assert not report.problems
    assert _changed_since(client, moment) == ["ejn"]
    body = client.get(reverse("api:network-detail", args=["ejn"])).json()
    assert sorted(topic["slug"] for topic in body["topics"]) == sorted(topics.split(";"))
