"""The public site answers the questions the issue names, on the real seed catalogue."""

import re

import pytest
from django.urls import reverse

from .catalogue_loaded import catalogue  # noqa: F401 (module fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalogue")]


def _slugs(client, **params):
    response = client.get(reverse("network-list"), params)
    assert response.status_code == 200
    return [network.slug for network in response.context["networks"]]


def test_asset_recovery_finds_carin_first(client):
    assert _slugs(client, q="asset recovery")[0] == "carin"


@pytest.mark.parametrize("query", ["iberred", "IBERRED", "Ibero-American Network of International Legal Cooperation"])
def test_iberred_is_found_by_acronym_and_alias_in_any_case(client, query):
    assert _slugs(client, q=query)[0] == "iberred"


def test_reunion_without_its_accent_finds_the_networks_reunion_belongs_to(client):
    found = _slugs(client, q="reunion")
    by_country = _slugs(client, country="re")
    assert by_country and set(by_country) <= set(found)


@pytest.mark.parametrize("query", ["Réunion", "reunion"])
def test_a_country_named_ranks_its_networks_before_descriptions_that_only_mention_the_word(client, query):
    # WACAP's French description speaks of "réunions" (meetings): it came first for the island.
    found = _slugs(client, q=query)
    by_country = _slugs(client, country="re")
    assert set(found[: len(by_country)]) == set(by_country) and "wacap" not in by_country


def test_ghana_belongs_to_the_networks_the_sources_name(client):
    page = client.get(reverse("country-detail", args=["gh"]))
    names = {m.network.slug for _, memberships, _ in page.context["role_groups"] for m in memberships}
    assert names == set(_slugs(client, country="GH"))
    assert "wacap" in names


@pytest.mark.parametrize("query", ["in Ghana", "au Ghana", "of the GH"])
def test_a_country_named_with_function_words_finds_the_networks_it_belongs_to(client, query):
    found = _slugs(client, q=query)
    assert "wacap" in found and set(found) == set(_slugs(client, q="Ghana"))


def test_swaziland_is_shown_as_a_former_name_of_eswatini(client):
    page = client.get(reverse("country-detail", args=["sz"])).content.decode()
    assert re.search(r"Formerly [^<]*\bSwaziland\b", page)
