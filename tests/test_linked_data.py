"""Machine-readable pages: schema.org JSON-LD, rel=alternate links and Link headers, on the seed catalogue too."""

import json
import re

import pytest
from django.urls import reverse

from countries.models import Jurisdiction

from .catalogue_loaded import catalogue  # noqa: F401 (fixture)
from .factories import make_membership, make_network

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _linked_data(response):
    (block,) = LD.findall(response.content.decode())
    return json.loads(block)


def _alternates(response):
    return re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)">', response.content.decode())


@pytest.mark.django_db
def test_a_description_cannot_close_the_json_ld_block(client):
    network = make_network(description="</script><script>alert(1)</script> & <b>")
    response = client.get(network.get_absolute_url())
    body = response.content.decode()
    assert "<script>alert(1)" not in body
    assert _linked_data(response)["description"] == "</script><script>alert(1)</script> & <b>"


@pytest.mark.django_db
def test_the_network_page_links_its_api_resource_and_csv_in_the_head_and_the_link_header(client):
    network = make_network(slug="wacap")
    make_membership(network, Jurisdiction.objects.get(code="GH"))
    response = client.get(reverse("network-detail", args=["wacap"]))
    assert _alternates(response) == [
        ("application/json", "http://testserver/api/v1/networks/wacap/"),
        ("text/csv", "http://testserver/data/memberships.csv?network=wacap"),
    ]
    assert response["Link"] == (
        '<http://testserver/api/v1/networks/wacap/>; rel="alternate"; type="application/json", '
        '<http://testserver/data/memberships.csv?network=wacap>; rel="alternate"; type="text/csv"'
    )
    for _media, href in _alternates(response):
        assert client.get(href.removeprefix("http://testserver")).status_code == 200
    csv = b"".join(client.get("/data/memberships.csv?network=wacap").streaming_content).decode()
    assert csv.count("\n") == 2 and "Ghana" in csv


@pytest.mark.django_db
def test_the_country_page_links_its_api_resource_and_csv(client):
    response = client.get(reverse("country-detail", args=["gh"]))
    assert _alternates(response) == [
        ("application/json", "http://testserver/api/v1/jurisdictions/gh/"),
        ("text/csv", "http://testserver/data/networks.csv?country=gh"),
    ]
    assert 'type="application/json"' in response["Link"]


@pytest.mark.django_db
def test_seed_eurojust_is_a_government_organization_whose_former_member_has_an_end_date(client, catalogue):  # noqa: F811
    data = _linked_data(client.get(reverse("network-detail", args=["eurojust"])))
    assert data["@context"] == "https://schema.org" and data["@type"] == "GovernmentOrganization"
    assert data["name"].startswith("European Union Agency for Criminal Justice Cooperation")
    assert data["identifier"][0]["propertyID"] == "registry_id"
    roles = {role["member"]["name"]: role for role in data["member"]}
    assert roles["United Kingdom"]["endDate"].startswith("2020")
    assert roles["France"]["roleName"] == "Member" and "endDate" not in roles["France"]


@pytest.mark.django_db
def test_seed_united_kingdom_page_lists_its_networks_as_member_of_roles(client, catalogue):  # noqa: F811
    data = _linked_data(client.get(reverse("country-detail", args=["gb"])))
    assert data["@type"] == "Country" and data["name"] == "United Kingdom"
    assert {"propertyID": "ISO 3166", "value": "GB", "@type": "PropertyValue"} in data["identifier"]
    eurojust = [
        role
        for role in data["memberOf"]
        if role["memberOf"]["url"].endswith(reverse("network-detail", args=["eurojust"]))
    ]
    assert eurojust and eurojust[0]["endDate"].startswith("2020")
