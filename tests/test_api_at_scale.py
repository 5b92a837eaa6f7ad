"""The API's network list keeps its query count at 10,000 synthetic networks (networks/synthetic.py)."""

from collections import Counter

import pytest
from django.db import connection, transaction
from django.urls import reverse

from networks.models import Membership, Network
from networks.synthetic import SyntheticCatalogue

# Generating 10,000 networks is the slowest setup of the suite: it runs on the production engine only.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="run at scale on PostgreSQL, the production engine"),
]


@pytest.fixture
def ten_thousand():
    with transaction.atomic():
        SyntheticCatalogue(networks=10_000, seed=15).generate()
        yield
        transaction.set_rollback(True)


def _busiest_filter():
    """The most common topic and the sub-region where most of its networks have a member (as bench/targets.py)."""
    topic = Counter(Network.topics.through.objects.values_list("topic__slug", flat=True)).most_common(1)[0][0]
    pairs = (
        Membership.objects.current()
        .filter(network__topics__slug=topic, jurisdiction__subregion__isnull=False)
        .values_list("network_id", "jurisdiction__subregion__slug")
        .distinct()
    )
    region = Counter(subregion for _, subregion in pairs).most_common(1)[0][0]
    return {"topic": topic, "region": region}


def test_the_filtered_network_list_runs_seven_queries_at_ten_thousand_networks(
    client, django_assert_num_queries, ten_thousand
):
    url = reverse("api:network-list")
    params = _busiest_filter()
    first = client.get(url, params)  # builds the facet index of this catalogue version
    assert first.status_code == 200 and first.json()["count"] > 50
    # 1 version (validators), 2 version (facet index), 3 the topic, 4 the region the parameters name,
    # 5 the page of networks with member counts, 6 their topics, 7 their regions
    with django_assert_num_queries(7):
        response = client.get(url, {**params, "page": 2})
    assert len(response.json()["results"]) == 50
