"""The catalogue list: each filter, facet counts, sorting, paging, bad input and a fixed query count."""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains

from countries.models import Jurisdiction, Region
from networks.models import Membership, Network, Relation
from public.filters import NetworkFilter

from .factories import (
    make_membership,
    make_network,
    make_organisation,
    make_populated_network,
    make_relation,
)
from .shared_data import built_once

pytestmark = pytest.mark.django_db
URL = reverse("network-list")


@pytest.fixture
def catalogue(sample_catalogue):
    """make_sample_catalogue()'s objects, built once for the tests in a row that read it (tests/sample_catalogue.py)."""
    return sample_catalogue.objects()


def _slugs(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return sorted(network.slug for network in response.context["networks"])


def _facet(response, name):
    return {option["value"]: option["count"] for option in response.context["facets"][name]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "asset-recovery"}, ["carin", "wacap"]),
        ({"topic": ["mutual-legal-assistance", "drug-trafficking"]}, ["iberred", "wacap"]),
        ({"topic": "cybercrime"}, ["eurojust"]),
        # Any current role counts: Ghana observes CARIN; Réunion (Eastern Africa) is in the platform.
        ({"region": "africa"}, ["carin", "indian-ocean-platform", "wacap"]),
        ({"region": "western-africa"}, ["carin", "wacap"]),
        ({"region": "eastern-africa"}, ["indian-ocean-platform"]),
        ({"region": "latin-america-and-the-caribbean"}, ["iberred"]),
        ({"region": "northern-america"}, []),
        ({"country": "GH"}, ["carin", "wacap"]),
        ({"country": "gh"}, ["carin", "wacap"]),
        ({"country": "gb"}, ["carin"]),  # through Scotland
        ({"country": "GB-SCT"}, ["carin"]),
        ({"country": "ng"}, ["wacap"]),  # Nigeria left CARIN in 2015
        ({"country": "re"}, ["indian-ocean-platform"]),
        ({"country": "us"}, []),
        ({"type": "prosecutors"}, ["wacap"]),
        ({"type": "police"}, []),
        ({"field": "law_enforcement"}, ["carin"]),
        ({"status": "dormant"}, ["indian-ocean-platform"]),
        ({"status": "defunct"}, []),
        ({"host": "unodc"}, ["indian-ocean-platform", "wacap"]),
        ({"host": "europol"}, ["carin"]),
        (
            {"topic": "mutual-legal-assistance", "region": "europe"},
            ["eurojust", "iberred", "indian-ocean-platform", "wacap"],
        ),
        ({"topic": "mutual-legal-assistance", "region": "africa", "type": "prosecutors"}, ["wacap"]),
        ({"q": "asset", "country": "gh"}, ["carin", "wacap"]),
    ],
)
def test_each_filter_keeps_only_the_networks_that_match(client, catalogue, params, expected):
    assert _slugs(client, **params) == expected


def test_a_region_counts_only_current_members():
    network = make_network(slug="former-only")
    make_membership(network, Jurisdiction.objects.get(code="US"), until="2010-01-01")
    assert NetworkFilter({"region": "americas"}).qs.count() == 0


def test_filtering_by_country_shows_its_role_in_each_network(client, catalogue):
    response = client.get(URL, {"country": "fr"})
    assert b"France: observer" in response.content  # in WACAP
    assert response.content.count(b"France: member") == 3  # Eurojust, CARIN, the platform


def test_filtering_by_country_names_the_sub_national_member(client, catalogue):
    response = client.get(URL, {"country": "gb"})
    assert b"Scotland: member" in response.content


def test_facet_counts_say_how_many_networks_each_option_would_give(client, catalogue):
    response = client.get(URL, {"region": "africa"})
    # Networks with a current participant in Africa: WACAP, CARIN (Ghana observes), the platform (Réunion).
    assert _facet(response, "type")["prosecutors"] == 1
    assert _facet(response, "type")["practitioners"] == 1
    assert _facet(response, "type")["regional_platform"] == 1
    assert _facet(response, "type")["eu_body"] == 0
    assert _facet(response, "topic")["asset-recovery"] == 2
    assert _facet(response, "topic")["cybercrime"] == 0
    assert _facet(response, "status")["dormant"] == 1
    # The region facet ignores the chosen region: it counts against the other filters.
    assert _facet(response, "region")["europe"] == 5
    assert _facet(response, "region")["africa"] == 3
    assert _facet(response, "country")["GH"] == 2
    assert _facet(response, "host")["unodc"] == 2
    assert _facet(response, "host")["europol"] == 1


def test_topic_facet_counts_include_the_topics_already_chosen(client, catalogue):
    response = client.get(URL, {"topic": "mutual-legal-assistance"})
    assert _facet(response, "topic")["drug-trafficking"] == 2  # IberRed and WACAP have both
    assert _facet(response, "topic")["mutual-legal-assistance"] == 4


@pytest.mark.parametrize(
    ("sort", "first"),
    [("name", "carin"), ("established", "eurojust"), ("-established", "wacap"), ("members", "carin")],
)
def test_it_sorts_by_name_year_and_member_count(client, catalogue, sort, first):
    response = client.get(URL, {"sort": sort})
    assert response.context["networks"][0].slug == first


def test_the_unfiltered_list_shows_every_network_with_its_member_count(client, catalogue):
    response = client.get(URL)
    assert b"5 networks match" in response.content
    assert b"7 members, 2 other participants listed" in response.content  # CARIN: two observers; Nigeria left
    assert [n.slug for n in response.context["networks"]][:2] == ["carin", "eurojust"]


def test_it_says_how_many_networks_match_and_offers_to_clear_filters(client, catalogue):
    response = client.get(URL, {"topic": "asset-recovery"})
    assert b"2 networks match" in response.content
    assert f'href="{reverse("network-list")}">Clear all filters'.encode() in response.content
    assert "Remove filter Topics: Asset recovery" in response.content.decode()


def test_an_empty_result_explains_what_to_try(client, catalogue):
    response = client.get(URL, {"q": "nothing like this", "status": "defunct"})
    assert b"0 networks match" in response.content
    assert b"check the spelling" in response.content
    assert b"remove one of the filters" in response.content


def test_the_page_keeps_the_filters_in_its_links(client):
    for _ in range(25):
        make_network(type=Network.Type.POLICE)
    response = client.get(URL, {"type": "police"})
    assert b"page=2" in response.content and b"type=police&amp;page=2" in response.content
    second = client.get(URL, {"type": "police", "page": 2})
    assert len(second.context["networks"]) == 5


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"topic": "no-such-topic"}, "There is no topic “no-such-topic”"),
        ({"topic": ["asset-recovery", "zz"]}, "There is no topic “zz”"),
        ({"region": "atlantis"}, "There is no region with that name"),
        ({"country": "zz"}, "No country or jurisdiction has the name or code “zz”"),
        ({"country": "<script>alert(1)</script>"}, "No country or jurisdiction has the name or code “&lt;script&gt;"),
        ({"type": "secret"}, "Select a valid choice"),
        ({"status": "x"}, "Select a valid choice"),
        ({"host": "nobody"}, "No network or organisation “nobody” hosts a network"),
        ({"sort": "price"}, "Select a valid choice"),
        ({"q": "x" * 10_000}, "Ensure this value has at most 200 characters"),
        ({"page": "abc"}, "There is no page “abc” (a page number is written with the digits 0–9); showing page 1 of 1"),
        ({"page": "999999999999"}, "There is no page “999999999999”; showing page 1 of 1"),
        ({"page": "-1"}, "There is no page “-1”"),
        ({"page": "1e400"}, "There is no page “1e400”"),
        ({"q": "ghana\x00"}, "Control characters in the address were removed"),
        ({"topic": "asset\x00recovery"}, "Control characters in the address were removed"),
        ({"country": "g\x00h"}, "Control characters in the address were removed"),
        ({"region": "\x00"}, "Control characters in the address were removed"),
    ],
)
def test_bad_input_gives_a_normal_page_with_a_message(client, catalogue, params, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_every_unknown_topic_is_named_in_the_order_given_on_the_page_and_in_the_api(client, catalogue):
    """Django's field named one of them, which one varying between requests (a set's order)."""
    params = {"topic": ["zz", "asset-recovery", "aa", "mm", "zz"]}
    page = client.get(URL, params).content.decode()
    named = re.findall(r"There is no topic “(\w+)”", page)
    assert named == ["zz", "aa", "mm"]
    response = client.get(reverse("api:network-list"), params)
    assert response.status_code == 400
    assert response.json()["topic"] == [f"There is no topic “{slug}”." for slug in ["zz", "aa", "mm"]]


def test_the_notice_of_removed_control_characters_is_in_the_pages_language(client, catalogue):
    with translation.override("fr"):
        url = reverse("network-list")
    page = client.get(url, {"q": "ghana\x00"}).content.decode()
    assert "Les caractères de contrôle de l’adresse ont été retirés." in page
    assert "Control characters" not in page


def test_an_invalid_filter_is_ignored_and_the_others_still_apply(client, catalogue):
    assert _slugs(client, topic="asset-recovery", country="zz") == ["carin", "wacap"]


def test_an_overlong_query_is_not_echoed_in_full(client, catalogue):
    response = client.get(URL, {"q": "y" * 10_000})
    assert b"y" * 201 not in response.content


def test_the_filter_set_can_be_reused_outside_the_view(catalogue):
    # The CSV download builds the same list from the same query string.
    filterset = NetworkFilter({"topic": ["asset-recovery"], "sort": "name"})
    assert [network.slug for network in filterset.qs] == ["carin", "wacap"]
    assert filterset.qs[0].member_count == 7


def _populate(size):
    jurisdictions = list(Jurisdiction.objects.countries().order_by("code")[: size * 2])
    for _ in range(size):
        make_populated_network(size, jurisdictions=jurisdictions)


@pytest.fixture(scope="class")
def populated(request, django_db_setup, django_db_blocker):
    """_populate(size), built once for the tests of a class that all read it (tests/shared_data.py); its size."""
    with built_once(django_db_blocker, lambda: _populate(request.param)):
        yield request.param


class TestQueryCounts:
    """A class of its own: the shared data lives as long as the class, and every test in it reads it."""

    @pytest.mark.parametrize("as_of", [{}, {"as_of": "2017-06-01"}])  # read as of another day: the same queries
    @pytest.mark.parametrize("populated", [2, 8], indirect=True)
    def test_the_unfiltered_list_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, populated, as_of
    ):
        # 1 the catalogue version (the facet index is kept per version), then, as no index is built
        # yet: 2 the networks' revisions, 3 topics, 4 jurisdictions, 5 regions, 6 networks, 7 their
        # topics, 8 current memberships, 9 hosts, 10 member and participant counts, 11 stated member counts,
        # 12 networks by name; then 13 the page of networks (the index counts them, their members and
        # the list), 14 their topics
        with django_assert_num_queries(14):
            response = client.get(URL, as_of)
        assert len(response.context["networks"]) == populated
        # The same page again: the facets and the count come from the index.
        with django_assert_num_queries(3):
            client.get(URL, as_of)
        # The same page in French: the same three queries (the index is shared by both languages).
        with translation.override("fr"):
            french = reverse("network-list")
        with django_assert_num_queries(3):
            assert client.get(french, as_of).status_code == 200

    @pytest.mark.parametrize("as_of", [{}, {"as_of": "2017-06-01"}])
    @pytest.mark.parametrize("populated", [2, 8], indirect=True)
    def test_the_fully_filtered_list_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, populated, as_of
    ):
        network = Network.objects.first()
        topic = network.topics.first()
        country = network.memberships.filter(jurisdiction__isnull=False).first().jurisdiction
        host = make_network(slug="host")
        for other in Network.objects.exclude(pk=host.pk):
            make_relation(other, host)
        params = {
            "q": network.name,
            "topic": topic.slug,
            "region": country.region.slug,
            "country": country.code.lower(),
            "type": network.type,
            "field": network.field,
            "status": network.status,
            "host": "host",
            "sort": "members",
            **as_of,
        }
        client.get(URL, params)  # builds what is kept per catalogue version: the facet index (pinned above)
        # Validation: 1 topics, 2 region, 3 country, 4 host; 5 the search's jurisdiction look-up, 6 its
        # organisation look-up (the query names no place), 7 the catalogue version for the folded texts kept in
        # memory (SQLite searches them; they tell PostgreSQL which spellings of the query's compounds the
        # catalogue writes), on PostgreSQL then the ids of the networks the search matches (made once, reused by
        # the list and the facets); 8 the catalogue version (the facet index holds the region's and the country's
        # networks and counts the list and every facet); 9 page, 10 its topics, 11 the country's memberships of
        # those networks
        with django_assert_num_queries(11 + (connection.vendor == "postgresql")):
            response = client.get(URL, params)
        assert [n.slug for n in response.context["networks"]] == [network.slug]


def test_memoised_facets_follow_every_change_to_the_catalogue(client):
    _populate(2)
    before = client.get(URL).context["facets"]["type"]
    make_network(type=Network.Type.POLICE)
    after = client.get(URL).context["facets"]["type"]
    police = {option["value"]: option["count"] for option in after}[Network.Type.POLICE]
    assert police == {option["value"]: option["count"] for option in before}.get(Network.Type.POLICE, 0) + 1


def test_memoised_facets_mark_no_option_for_a_sort_or_an_unknown_value(client):
    _populate(2)
    client.get(URL)
    facets = client.get(URL, {"sort": "members", "topic": "no-such-topic"}).context["facets"]
    assert not any(option["selected"] for options in facets.values() for option in options)


def test_facet_options_that_would_give_nothing_are_left_out_unless_chosen(client, catalogue):
    response = client.get(URL, {"topic": "cybercrime"})
    hosts = _facet(response, "host")
    assert all(count > 0 for count in hosts.values())
    assert "unodc" not in hosts  # hosts networks, none of them on cybercrime
    chosen = client.get(URL, {"topic": "cybercrime", "host": "unodc"})
    assert _facet(chosen, "host")["unodc"] == 0
    assert b'<option value="unodc" selected>' in chosen.content


def test_facet_options_escape_what_the_catalogue_holds(client):
    host = make_organisation(slug="evil", name='<script>alert("x")</script> & Co')
    make_relation(make_network(), host)
    content = client.get(URL).content.decode()
    assert "<script>alert" not in content
    assert '<option value="evil">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co (1)</option>' in content


def test_facet_counts_agree_with_the_database_for_every_option(client, catalogue):
    # Counts come from the in-memory facet index, the list from the database: they must agree.
    facets = client.get(URL, {"type": "judicial"}).context["facets"]
    for name in ("topic", "region", "country", "status", "host"):
        for option in facets[name]:
            params = {"type": "judicial", name: str(option["value"]).lower() if name == "country" else option["value"]}
            response = client.get(URL, params)
            in_database = _judicial_networks_with(name, option["value"]).count()
            assert response.context["paginator"].count == in_database == option["count"], (name, option["value"])


def _judicial_networks_with(name, value):
    """The networks an option selects, asked of the database directly (not through the facet index)."""
    networks = Network.objects.filter(type="judicial")
    current = Membership.objects.current()
    if name == "region":
        region = Region.objects.get(slug=value)
        return networks.filter(
            pk__in=current.filter(jurisdiction__in=Jurisdiction.objects.in_region(region)).values("network")
        )
    if name == "country":
        return networks.filter(
            pk__in=current.filter(Q(jurisdiction__code=value) | Q(jurisdiction__parent__code=value)).values("network")
        )
    if name == "host":
        hosted = Relation.objects.filter(Q(target_network__slug=value) | Q(target_organisation__slug=value))
        return networks.filter(pk__in=hosted.filter(kind=Relation.Kind.HOSTED_BY).values("network"))
    return networks.filter(**{"topics__slug" if name == "topic" else name: value})


def test_a_list_of_ids_longer_than_any_parameter_limit_is_one_parameter(catalogue):
    networks = list(Network.objects.order_by("pk")[:2])
    ids = [*range(10**9, 10**9 + 40_000), *(network.pk for network in networks)]
    assert list(Network.objects.filter(pk__in_ids=ids).order_by("pk")) == networks
    assert not Network.objects.filter(pk__in_ids=[]).exists()


def test_most_members_pages_follow_the_database_order(client, monkeypatch, django_assert_num_queries):
    # The order comes from the facet index; it must be the database's: members descending, then name.
    from public.views import NetworkListView

    monkeypatch.setattr(NetworkListView, "paginate_by", 3)
    jurisdictions = list(Jurisdiction.objects.countries().order_by("code")[:6])
    for i, name in enumerate(["Delta", "alpha", "Charlie", "Bravo", "Echo", "Foxtrot", "Golf"]):
        network = make_network(name=name)
        for jurisdiction in jurisdictions[: [2, 2, 5, 0, 1, 2, 0][i]]:
            make_membership(network, jurisdiction)
    make_membership(Network.objects.get(name="Golf"), jurisdictions[0], role="observer")  # observers do not count
    expected = [(n.name, n.member_count) for n in NetworkFilter({"sort": "members"}).qs]
    assert expected[0] == ("Charlie", 5) and expected[-1][1] is None
    client.get(URL, {"sort": "members"})  # builds the facet index for this version of the catalogue
    shown = []
    for page in (1, 2, 3):
        # 1 the catalogue version, 2 the page's networks (their counts from the index), 3 their topics
        with django_assert_num_queries(3):
            response = client.get(URL, {"sort": "members", "page": page})
        shown += [(n.name, n.member_count) for n in response.context["networks"]]
    assert shown == expected


def test_the_host_select_offers_the_hosts_of_most_networks_and_the_chosen_one(client, catalogue, monkeypatch):
    # Thousands of hosts made the list page weigh 190 KB; it offers the HOST_OPTIONS with most networks.
    monkeypatch.setattr("public.filters.HOST_OPTIONS", 1)
    response = client.get(URL)
    assert _facet(response, "host") == {"unodc": 2}  # europol hosts one network
    assert response.context["hosts_cut"]
    assertContains(response, 'aria-describedby="host-help"', count=1)
    chosen = client.get(URL, {"host": "europol"})
    assert _facet(chosen, "host") == {"unodc": 2, "europol": 1}  # the chosen one besides
    assert not client.get(URL, {"type": "prosecutors"}).context["hosts_cut"]  # only unodc hosts one of them


def test_hosts_with_as_many_networks_are_cut_by_slug_so_every_process_offers_the_same(client, catalogue, monkeypatch):
    # The cut once took the first of a set: which tied hosts were offered changed with the process's hash seed,
    # so two workers could answer the same address (and ETag) with different bodies.
    monkeypatch.setattr("public.filters.HOST_OPTIONS", 2)
    for slug in ("zeta-host", "alpha-host"):
        make_relation(make_network(slug=f"hosted-by-{slug}"), make_organisation(slug=slug, name=slug))
    assert _facet(client.get(URL), "host") == {"unodc": 2, "alpha-host": 1}  # europol, zeta-host: 1 each, later
