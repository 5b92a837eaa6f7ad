"""Names in other scripts and Latin letters without a decomposition are searched as a reader types them.

countries.names.normalize_name once kept only the ASCII letters of a folded name: an Arabic or Cyrillic
name (or alias) could not be found, and "Øresund" was stored as "resund". Both databases.
"""

import pytest
from django.urls import reverse

from .factories import make_alias, make_network, make_sample_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks():
    make_sample_catalogue()
    make_network(name="شبكة العدالة Network", slug="arab-justice")
    make_network(name="Øresund Prosecutors", slug="oresund")
    make_network(name="Łódź Cooperation Forum", slug="lodz")
    make_alias(make_network(name="Eurasian Prosecutors Forum", slug="eurasian"), "Форум прокуроров", language="ru")


def _listed(client, query):
    response = client.get(reverse("network-list"), {"q": query})
    assert response.status_code == 200
    return [network.slug for network in response.context["networks"]]


def _api(client, query):
    response = client.get(reverse("api:network-list"), {"q": query})
    assert response.status_code == 200
    return [row["slug"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("شبكة", "arab-justice"),
        ("العدالة", "arab-justice"),
        ("форум", "eurasian"),
        ("ПРОКУРОРОВ", "eurasian"),
        ("oresund", "oresund"),
        ("Øresund", "oresund"),
        ("lodz", "lodz"),
        ("Łódź", "lodz"),
    ],
)
def test_a_name_in_any_script_is_found_on_the_page_and_through_the_api(client, networks, query, slug):
    assert _listed(client, query) == [slug]
    assert _api(client, query) == [slug]
