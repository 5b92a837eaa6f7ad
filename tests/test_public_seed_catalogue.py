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


def _every_slug(client, **params):
    """The slugs of every network the list finds, on all its pages."""
    response = client.get(reverse("network-list"), params)
    assert response.status_code == 200
    return {network.slug for network in response.context["filter"].qs}


def test_a_compound_written_as_two_words_finds_what_its_one_word_form_finds(client):
    # The catalogue writes "cybercrime": "cyber crime" found only the networks that also had a word in "crime".
    one_word = _every_slug(client, q="cybercrime")
    assert one_word and one_word <= _every_slug(client, q="cyber crime") == _every_slug(client, q="cyber-crime")


@pytest.mark.parametrize("query", ["interagency", "inter-agency", "inter agency"])
def test_a_compound_finds_the_networks_whichever_way_they_write_it(client, query):
    # CARIN and two ARINs are "Inter-Agency" networks, the two others "Interagency" ones.
    assert {"carin", "arin-ap", "arin-ea", "arin-sa", "arin-wa"} <= _every_slug(client, q=query)


@pytest.mark.parametrize("query", ["England", "Wales", "in England", "Angleterre", "pays de Galles"])
def test_one_of_the_places_a_jurisdiction_is_named_for_finds_its_networks(client, query):
    # The jurisdiction is "England and Wales" ("Angleterre et pays de Galles"): "England" found nothing.
    named = _every_slug(client, q="England and Wales")
    assert named and named <= _every_slug(client, q=query)


@pytest.mark.parametrize(("query", "name"), [("OLAF", "European Anti-Fraud Office"), ("Egmont", "Egmont Group"),
                                             ("world bank", "World Bank")])  # fmt: skip
def test_an_organisation_named_finds_the_networks_it_takes_part_in(client, query, name):
    # OLAF, the Egmont Group and the World Bank are observers in CARIN; no network text names them.
    response = client.get(reverse("network-list"), {"q": query})
    assert "carin" in [network.slug for network in response.context["networks"]]
    assert f"Including the networks {name} takes or took part in" in response.content.decode()


def test_a_word_that_begins_several_organisations_names_none_of_them(client):
    response = client.get(reverse("network-list"), {"q": "European"})
    assert response.context["search"].organisation is None
