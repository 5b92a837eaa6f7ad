"""On the real seed catalogue, public pages say how current each entry is instead of "Not yet verified"
(issue 12, §4): CARIN rests on the 2017 catalogue, EJOCN on Eurojust's 2025 pages."""

import re

import pytest
from django.urls import reverse

from networks.models import Network

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]
CATALOGUE_2017 = (
    "Catalogue of international judicial networks of relevance for the fight against transnational organised crime"
    " (working paper)"
)


def _line(client, slug):
    page = client.get(reverse("network-detail", args=[slug])).content.decode()
    return re.sub(r"<[^>]+>", "", re.search(r"<dt>Confirmed</dt><dd>(.*?) <a", page, re.S).group(1))


def test_carin_is_not_confirmed_since_the_2017_catalogue(client):
    assert _line(client, "carin") == f"Not confirmed since 2017 (from the 2017 source: {CATALOGUE_2017})"


def test_ejocn_is_not_confirmed_since_its_2025_source(client):
    assert _line(client, "ejocn").startswith("Not confirmed since 2025 (from the 2025 source: European Judicial")


def test_no_seed_network_page_says_not_yet_verified(client):
    for slug in Network.objects.values_list("slug", flat=True)[:10]:
        page = client.get(reverse("network-detail", args=[slug])).content.decode()
        assert "Not yet verified" not in page
        assert "Not confirmed since" in page
