"""Search finds networks whatever the case and accents, ranks name matches first, and survives odd input."""

import pytest
from django.db import connection
from django.urls import reverse

from countries.models import Jurisdiction
from countries.names import normalize_name
from networks.models import Network
from public.search import NetworkSearch, search_spellings, search_terms

from .factories import make_alias, make_membership, make_network, make_topic

pytestmark = pytest.mark.django_db


def _found(query):
    return [network.slug for network in NetworkSearch(query).apply(Network.objects.all()).order_by("-search_rank")]


@pytest.fixture
def catalogue(sample_catalogue):
    """make_sample_catalogue()'s objects, built once for the tests in a row that read it (tests/sample_catalogue.py)."""
    return sample_catalogue.objects()


@pytest.mark.parametrize("query", ["iberred", "IBERRED", "IberRed", "  iberred  "])
def test_it_finds_a_network_by_its_acronym_in_any_case(catalogue, query):
    assert _found(query) == ["iberred"]


def test_it_ranks_the_network_named_for_the_words_first(catalogue):
    # WACAP mentions the recovery of assets in its description and has the topic; CARIN is named for it.
    found = _found("asset recovery")
    assert found[0] == "carin"
    assert "wacap" in found


def test_it_ignores_accents_in_names_in_other_languages(catalogue):
    # The seed catalogue answers the same: tests/test_content_languages.py.
    assert _found("cooperacion juridica") == ["iberred"]
    assert _found("Cooperación Jurídica") == ["iberred"]


def test_it_ignores_accents_in_names_and_descriptions():
    make_network(slug="reseau", name="Réseau judiciaire européen", description="Coopération pénale")
    assert _found("reseau europeen") == ["reseau"]
    assert _found("cooperation penale") == ["reseau"]


def test_it_finds_networks_by_topic_name():
    topic = make_topic(name="Cybercrime")
    make_network(slug="cyber-net", name="Octopus", topics=[topic])
    make_network(slug="other", name="Unrelated")
    assert _found("cybercrime") == ["cyber-net"]


@pytest.mark.parametrize("query", ["cybercrime", "cyber crime", "Cyber-Crime"])
def test_a_compound_is_found_whether_written_as_one_word_two_or_hyphenated(query):
    names = {"joined": "Cybercrime Unit", "hyphenated": "Cyber-crime Office", "apart": "Cyber Crime Desk"}
    for slug, name in names.items():
        make_network(slug=slug, name=name)
    make_network(slug="other", name="Cyber Security Office", description="Organised crime.")
    expected = {"joined", "hyphenated", "apart"} | ({"other"} if " " in normalize_name(query) else set())
    assert set(_found(query)) == expected


def test_a_network_named_for_the_compound_ranks_as_one_named_for_its_two_words():
    make_network(slug="joined", name="Cybercrime Network")
    make_network(slug="security", name="Cyber Security Network", description="Organised crime.")
    assert _found("cyber crime") == ["joined", "security"]


def test_a_function_word_is_no_side_of_a_compound():
    make_network(slug="informal", name="Informal network")
    make_network(slug="formal", name="Alpha", description="Meets in formal sessions.")
    assert _found("informal") == ["informal"]


@pytest.mark.parametrize(
    "query, spellings",
    [
        ("cyber crime", {("cyber", "crime"), ("cybercrime", "cybercrime"), ("cyber", "cri me")}),
        ("interagency", {("interagency",), ("inter agency",), ("interage ncy",)}),
        ("e-justice", {("justice",), ("jus tice",)}),  # "e" is a function word: no "ejustice"
    ],
)
def test_a_query_is_spelt_with_each_compound_written_otherwise(query, spellings):
    found = [terms for terms, _ in search_spellings(query)]
    assert found[0] == tuple(search_terms(query)) and spellings <= set(found)
    assert ("ejustice", "ejustice") not in found and ("in teragency",) not in found


def test_a_country_name_finds_the_networks_it_belongs_to(catalogue):
    # Réunion is a member of the Indian Ocean platform only; no network text mentions it.
    assert _found("reunion") == ["indian-ocean-platform"]
    assert _found("Réunion") == ["indian-ocean-platform"]


def test_a_former_country_name_finds_the_networks_of_the_country_today():
    network = make_network(slug="southern", name="Southern network")
    make_membership(network, Jurisdiction.objects.get(code="SZ"))
    assert _found("Swaziland") == ["southern"]


def test_a_country_finds_networks_through_its_sub_national_members(catalogue):
    # CARIN has Scotland as a member, so a search for the United Kingdom finds it.
    assert "carin" in _found("United Kingdom")


def test_text_matches_rank_above_membership_matches():
    named = make_network(slug="ghana-network", name="Ghana Police Network")
    member_only = make_network(slug="member-only", name="Regional network")
    make_membership(member_only, Jurisdiction.objects.get(code="GH"))
    make_membership(named, Jurisdiction.objects.get(code="GH"))
    assert _found("ghana") == ["ghana-network", "member-only"]


def test_an_alias_matches_rank_above_description_matches():
    aliased = make_network(slug="aliased", name="Alpha")
    make_alias(aliased, "Organised crime contact group")
    make_network(slug="described", name="Beta", description="Works against organised crime.")
    assert _found("organised crime") == ["aliased", "described"]


@pytest.mark.parametrize(
    "query",
    ["<script>alert(1)</script>", "a & b | !c", "'; DROP TABLE networks_network; --", ':*"()', "-", "\\", "%_%"],
)
def test_odd_characters_do_not_break_the_search(catalogue, query):
    NetworkSearch(query).apply(Network.objects.all()).count()  # no database error


def test_a_query_without_letters_or_digits_finds_nothing(catalogue):
    assert _found("!!! ???") == []


def _postgres_plan(query):
    from public.search import postgres_ranks_query

    sql, params = postgres_ranks_query(query, [])
    with connection.cursor() as cursor:
        # On tiny tables the planner prefers any scan to the indexes; rule out the others. GIN
        # answers through bitmap scans only, so plain index scans (e.g. on name) go too.
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
    return plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index exists on PostgreSQL only")
def test_postgres_uses_the_gin_index_for_network_text():
    make_network(name="Camden Asset Recovery Inter-Agency Network")
    assert "networks_network_search_idx" in _postgres_plan("asset")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN index exists on PostgreSQL only")
def test_postgres_uses_the_gin_index_for_aliases():
    network = make_network(name="Alpha")
    make_alias(network, "Red Iberoamericana de Cooperación Jurídica Internacional")
    assert "networks_alias_search_idx" in _postgres_plan("cooperacion")
    assert list(NetworkSearch("cooperacion").matching_ids()) == [network.pk]


def test_the_list_page_searches_with_q(client, catalogue):
    response = client.get(reverse("network-list"), {"q": "iberred"})
    assert [network.slug for network in response.context["networks"]] == ["iberred"]
    assert b"1 network matches" in response.content


@pytest.mark.parametrize(
    "query, terms",
    [
        ("Recouvrement des avoirs", ["recouvrement", "avoirs"]),
        ("Red de Cooperación", ["red", "cooperacion"]),
        ("UN drugs", ["un", "drugs"]),  # "un" is the United Nations here, not an article
        ("EU asset recovery", ["eu", "asset", "recovery"]),  # Snowball's French list would drop "eu"
        ("of the", ["of", "the"]),  # nothing but function words: kept, or the query would find everything
    ],
)
def test_a_query_leaves_out_function_words_when_it_has_other_words(query, terms):
    assert search_terms(query) == terms
