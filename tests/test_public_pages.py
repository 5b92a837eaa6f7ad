"""Home, network, country, region, topic and comparison pages: what they show and what they refuse."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from countries.models import Jurisdiction, Region
from networks.models import ContactPoint, Membership, Network, Topic
from public.compare import CompareForm

from .factories import make_network, make_relation
from .shared_data import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(sample_catalogue):
    """make_sample_catalogue()'s objects, built once for the tests in a row that read it (tests/sample_catalogue.py)."""
    return sample_catalogue.objects()


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def test_home_shows_a_search_box_the_counts_and_ways_in(client, catalogue):
    page = _text(client.get(reverse("home")))
    assert 'role="search"' in page and 'name="q"' in page
    assert "<strong>5</strong> networks catalogued" in page
    assert "<strong>4</strong> active" in page
    assert (
        f'href="{reverse("topic-detail", args=["asset-recovery"])}">Asset recovery</a> <span class="count">(2)</span>'
        in page
    )
    assert f'href="{reverse("region-detail", args=["africa"])}">Africa</a> <span class="count">(3)</span>' in page
    assert (
        f'href="{reverse("network-list")}?type=prosecutors">Prosecutors&#39; network</a> <span class="count">(1)</span>'
        in page
    )


class TestNetworkPage:
    def test_it_shows_the_facts_topics_and_last_verification(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert "Camden Asset Recovery Inter-Agency Network (CARIN)" in page
        assert "Practitioners&#39; network" in page
        assert "<dt>Established</dt><dd>2004</dd>" in page
        assert 'href="https://www.carin.network/"' in page
        assert '<time datetime="2026-01-15">15 January 2026</time>' in page
        assert f'href="{reverse("topic-detail", args=["asset-recovery"])}">Asset recovery</a>' in page

    def test_it_groups_current_members_by_role_with_counts_and_stated_figures(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert 'Member <span class="count">(7 listed)</span>' in page
        assert 'Observer <span class="count">(2 listed)</span>' in page
        assert "The source states more than 54 registered jurisdictions" in page
        assert (
            f'<a href="{reverse("country-detail", args=["gb-sct"])}'
            '">Scotland</a> <span class="muted">(United Kingdom)</span>' in page
        )
        assert page.index("Member <span") < page.index("Observer <span")

    def test_it_lists_former_members_apart(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert "Former members and participants" in page
        assert 'Nigeria</a> <span class="muted">(member until 2015)' in page

    def test_it_shows_relations_in_both_directions(self, client, catalogue):
        ejn = make_network(slug="ejn", name="European Judicial Network", acronym="EJN")
        make_relation(ejn, catalogue["eurojust"])
        carin = _text(client.get(reverse("network-detail", args=["carin"])))
        assert "<dt>Hosted by</dt><dd>European Union Agency for Law Enforcement Cooperation</dd>" in carin
        assert "<h3>Partner of</h3>" in carin
        assert "<h3>Takes part in</h3>" in carin  # CARIN is a partner in Eurojust
        eurojust = _text(client.get(reverse("network-detail", args=["eurojust"])))
        assert (
            "<h3>Hosts</h3>" in eurojust
            and f'href="{reverse("network-detail", args=["ejn"])}">European Judicial Network (EJN)</a>' in eurojust
        )
        assert (
            f'href="{reverse("network-detail", args=["carin"])}">Camden Asset Recovery Inter-Agency Network (CARIN)</a>'
            in eurojust
        )
        assert f'href="{reverse("network-detail", args=["eurojust"])}">' in _text(
            client.get(reverse("network-detail", args=["ejn"]))
        )

    def test_it_shows_sources_with_their_links(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert '<a href="https://example.org/paper" rel="noopener" translate="no">Working paper on' in page
        assert "section 4.1.3" in page

    def test_visitors_see_only_public_contact_points(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert "Public Secretariat Office" in page
        assert "Practitioner Person" not in page and "practitioner@example.org" not in page
        assert "Restricted Person" not in page and "restricted@example.org" not in page

    def test_practitioners_also_see_contact_points_meant_for_them(self, client, catalogue, django_user_model):
        user = django_user_model.objects.create_user("practitioner")
        user.user_permissions.add(Permission.objects.get(codename="view_practitioner_contacts"))
        client.force_login(user)
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert "Practitioner Person" in page and "Restricted Person" not in page

    def test_the_secretariat_sees_every_contact_point(self, client, catalogue, django_user_model):
        user = django_user_model.objects.create_user("secretariat", is_staff=True)
        user.user_permissions.add(Permission.objects.get(codename="view_restricted_contacts"))
        client.force_login(user)
        assert "Restricted Person" in _text(client.get(reverse("network-detail", args=["carin"])))

    def test_internal_notes_never_reach_the_page(self, client, catalogue):
        carin = catalogue["carin"]
        carin.internal_notes = "Secretariat-only remark"
        carin.save()
        assert "Secretariat-only remark" not in _text(client.get(reverse("network-detail", args=["carin"])))

    def test_an_unknown_network_is_a_404_page(self, client):
        response = client.get(reverse("network-detail", args=["no-such-network"]))
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


class TestCountryPages:
    def test_the_index_lists_countries_by_region_with_network_counts(self, client, catalogue):
        page = _text(client.get(reverse("country-list")))
        assert (
            f'href="{reverse("country-detail", args=["fr"])}">France</a> <span class="count">(4 networks)</span>'
            in page
        )
        assert (
            f'href="{reverse("country-detail", args=["gb"])}">United Kingdom</a> <span class="count">(1 network)</span>'
            in page
        )
        assert page.index(f'href="{reverse("region-detail", args=["africa"])}"') < page.index(
            f'href="{reverse("region-detail", args=["europe"])}"'
        )

    def test_a_country_lists_its_networks_by_role(self, client, catalogue):
        page = _text(client.get(reverse("country-detail", args=["fr"])))
        assert "Networks (4)" in page
        assert 'Member <span class="count">(3)</span>' in page
        assert 'Observer <span class="count">(1)</span>' in page
        assert page.index("Member <span") < page.index(f'href="{reverse("network-detail", args=["wacap"])}"')
        assert (
            f'href="{reverse("region-detail", args=["europe"])}'
            f'">Europe</a> › <a href="{reverse("region-detail", args=["western-europe"])}">' in page
        )

    def test_a_country_includes_networks_joined_through_its_sub_national_jurisdictions(self, client, catalogue):
        page = _text(client.get(reverse("country-detail", args=["gb"])))
        assert f'href="{reverse("network-detail", args=["carin"])}"' in page and "through Scotland" in page
        assert f'href="{reverse("country-detail", args=["gb-sct"])}">Scotland</a>' in page

    def test_a_sub_national_jurisdiction_names_its_state(self, client, catalogue):
        page = _text(client.get(reverse("country-detail", args=["gb-sct"])))
        assert f'<dt>Part of</dt><dd><a href="{reverse("country-detail", args=["gb"])}">United Kingdom</a>' in page

    def test_a_long_role_shows_its_first_networks_by_name_and_links_to_all(self, client, catalogue, monkeypatch):
        monkeypatch.setattr("public.places.SHOWN_PER_ROLE", 2)
        page = _text(client.get(reverse("country-detail", args=["fr"])))
        assert "Networks (4)" in page and 'Member <span class="count">(3)</span>' in page
        members = page[page.index("Member <span") : page.index("Observer <span")]
        assert members.count("<li>") == 2
        assert "All 3 as member, and the other networks of France, in the network list" in members
        assert f'href="{reverse("network-list")}?country=fr"' in members
        observers = page[page.index("Observer <span") :]
        assert "All 1 as" not in observers

    def test_a_country_shows_its_former_names(self, client):
        assert "Formerly Kingdom of Swaziland; Swaziland" in _text(client.get(reverse("country-detail", args=["sz"])))

    def test_ended_memberships_are_not_listed_as_current(self, client, catalogue):
        response = client.get(reverse("country-detail", args=["ng"]))
        current = {m.network.slug for _, memberships, _ in response.context["role_groups"] for m in memberships}
        former = {m.network.slug for _, memberships, _ in response.context["former_groups"] for m in memberships}
        assert (current, former) == ({"wacap"}, {"carin"})  # Nigeria left CARIN in 2015
        page = _text(response)
        assert page.index(f'href="{reverse("network-detail", args=["wacap"])}"') < page.index("Former memberships (1)")
        assert page.index("Former memberships (1)") < page.index(f'href="{reverse("network-detail", args=["carin"])}"')

    def test_the_code_may_be_in_any_case_and_moves_to_the_one_address_of_the_page(self, client, catalogue):
        response = client.get(reverse("country-detail", args=["Fr"]) + "?as_of=2010-01-01")
        assert response.status_code == 301
        assert response["Location"] == reverse("country-detail", args=["fr"]) + "?as_of=2010-01-01"
        assert client.get(response["Location"]).status_code == 200

    @pytest.mark.parametrize(
        ("name", "written"),
        [("network-detail", "CARIN"), ("topic-detail", "Asset-Recovery"), ("region-detail", "AFRICA")],
    )
    def test_every_page_named_by_slug_has_one_address_in_lower_case(self, client, catalogue, name, written):
        response = client.get(reverse(name, args=[written]) + "?as_of=2020-01-01")
        assert response.status_code == 301
        assert response["Location"] == reverse(name, args=[written.lower()]) + "?as_of=2020-01-01"
        assert client.get(response["Location"]).status_code == 200

    def test_a_registry_identifier_is_left_to_the_view(self, client, catalogue):
        carin = Network.objects.get(slug="carin")
        response = client.get(reverse("network-detail", args=[carin.registry_id]))
        assert (response.status_code, response["Location"]) == (301, carin.get_absolute_url())

    @pytest.mark.parametrize("code", ["zz", "xx-yyy", "%3Cscript%3E", "fr%00", "f", "a" * 300])
    def test_an_unknown_or_malformed_code_is_a_404(self, client, code):
        assert client.get(reverse("country-detail", args=[code])).status_code == 404


def test_a_region_lists_networks_covering_it_then_other_networks_with_members_there(client, catalogue):
    declared = make_network(slug="arin-wa", name="Asset Recovery Interagency Network for West Africa")
    declared.regions.set([Region.objects.get(slug="western-africa")])  # no member list, covered by its scope
    page = _text(client.get(reverse("region-detail", args=["western-africa"])))
    assert "1 network covering Western Africa" in page
    assert page.index(f'href="{reverse("network-detail", args=["arin-wa"])}"') < page.index(
        "2 other networks with members in Western Africa"
    )
    assert (
        f'href="{reverse("network-detail", args=["wacap"])}"' in page
        and f'href="{reverse("network-detail", args=["carin"])}"' in page
    )
    # WACAP: Ghana, Nigeria, Senegal here, and France (an observer); both counts take every role.
    assert "members and participants: 3 from this region, of 4 in all" in page
    assert f'href="{reverse("country-detail", args=["gh"])}">Ghana</a>' in page
    assert f'href="{reverse("region-detail", args=["africa"])}">Africa</a>' in page


def test_an_unknown_region_or_topic_is_a_404(client):
    assert client.get(reverse("region-detail", args=["atlantis"])).status_code == 404
    assert client.get(reverse("topic-detail", args=["no-such-topic"])).status_code == 404


def test_a_topic_lists_its_networks(client, catalogue):
    page = _text(client.get(reverse("topic-detail", args=["asset-recovery"])))
    assert "2 networks dealing with asset recovery" in page
    assert f'href="{reverse("network-list")}?topic=asset-recovery"' in page


def test_the_topic_index_counts_each_topics_networks_and_follows_an_edit(client, catalogue):
    def counted():
        return {topic.slug: topic.network_count for topic in client.get(reverse("topic-list")).context["topics"]}

    assert counted()["asset-recovery"] == 2
    make_network(slug="newcomer").topics.add(Topic.objects.get(slug="asset-recovery"))
    assert counted()["asset-recovery"] == 3
    assert "3 networks" in _text(client.get(reverse("topic-list")))


class TestCompare:
    def test_it_shows_members_in_common_and_members_of_only_one(self, client, catalogue):
        response = client.get(reverse("compare"), {"networks": ["carin", "eurojust"]})
        comparison = response.context["comparison"]
        common = sorted(member.code for member, _ in comparison.in_all)
        assert common == ["BE", "DE", "ES", "FR", "IE", "PT"]
        only = {network.slug: sorted(str(m) for m in members) for network, members in comparison.only_in}
        assert only["carin"] == ["European Union Agency for Law Enforcement Cooperation", "Ghana", "Scotland"]
        assert only["eurojust"] == ["Camden Asset Recovery Inter-Agency Network (CARIN)"]
        assert "<strong>6 members</strong> in both networks" in _text(response)

    def test_it_shows_topics_in_common(self, client, catalogue):
        response = client.get(reverse("compare"), {"networks": ["iberred", "wacap", "eurojust"]})
        assert [topic.slug for topic in response.context["comparison"].topics_in_common] == ["mutual-legal-assistance"]
        response = client.get(reverse("compare"), {"networks": ["iberred", "wacap"]})
        assert [topic.slug for topic in response.context["comparison"].topics_in_common] == [
            "drug-trafficking",
            "mutual-legal-assistance",
        ]

    def test_it_shows_each_members_role_side_by_side(self, client, catalogue):
        page = _text(client.get(reverse("compare"), {"networks": ["wacap", "carin"]}))
        assert '<tr><th scope="row">Ghana</th><td>Member</td><td>Observer</td></tr>' in page

    @pytest.mark.parametrize(
        ("networks", "message"),
        [
            (["carin"], "Choose at least 2 different networks"),
            (["carin", "carin"], "Choose at least 2 different networks"),
            (["carin", "eurojust", "iberred", "wacap", "indian-ocean-platform", "x"], "Choose at most 5 networks"),
            (["carin", "CARIN"], "names Camden Asset Recovery Inter-Agency Network twice"),
            (["carin", "atlantis"], "No network has the name, acronym or identifier “atlantis”"),
            (["carin", "<b>x</b>"], "No network has the name, acronym or identifier “&lt;b&gt;x&lt;/b&gt;”"),
            (["carin", "bad\x00slug"], "No network has the name, acronym or identifier"),
            (["\x00a", "\x00b"], "No network has the name, acronym or identifier"),
        ],
    )
    def test_it_explains_a_wrong_choice(self, client, catalogue, networks, message):
        response = client.get(reverse("compare"), {"networks": networks})
        assert message in _text(response)
        assert response.context["comparison"] is None

    def test_without_a_choice_it_offers_the_form(self, client, catalogue):
        page = _text(client.get(reverse("compare")))
        assert page.count('<input type="text" id="compare-') == 5 and 'role="alert"' not in page

    def test_networks_may_be_named_by_acronym_or_name_in_any_case(self, client, catalogue):
        response = client.get(
            reverse("compare"),
            {"networks": ["carin", "EUROJUST", "  ibero-american network for international legal cooperation "]},
        )
        assert [network.slug for network in response.context["comparison"].networks] == ["carin", "eurojust", "iberred"]
        assert 'value="EUROJUST"' in _text(response)

    def test_an_acronym_shared_by_several_networks_asks_for_the_identifier(self, client, catalogue):
        make_network(slug="jit-network", name="Joint Investigation Teams Network", acronym="JIT")
        make_network(slug="jit-experts", name="Experts on Joint Investigation Teams", acronym="JIT")
        page = _text(client.get(reverse("compare"), {"networks": ["jit", "eurojust"]}))
        assert "“jit” could be 2 networks: " in page and "Give the identifier." in page
        assert "Experts on Joint Investigation Teams (jit-experts)" in page
        page = _text(client.get(reverse("compare"), {"networks": ["jit-experts", "eurojust"]}))
        assert "<h2>Summary</h2>" in page  # an identifier is never ambiguous

    @pytest.mark.skipif(connection.vendor != "postgresql", reason="the UPPER() indexes exist on PostgreSQL only")
    def test_the_choice_of_networks_is_read_through_indexes_not_a_scan(self, catalogue):
        form = CompareForm(
            {"networks": ["carin", "EUROJUST", "Ibero-American Network for International Legal Cooperation"]}
        )
        with CaptureQueriesContext(connection) as queries:
            assert form.is_valid()
        # The first query finds the values that are identifiers ("carin", "EUROJUST"); the second the others.
        sql = queries.captured_queries[1]["sql"]
        with connection.cursor() as cursor:
            # On a tiny table the planner prefers a scan, or the name index for the order; an OR of
            # indexes is a bitmap scan, so rule out the others as the search index test does.
            cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")
        assert "networks_acronym_upper_idx" in plan and "networks_name_upper_idx" in plan

    def test_a_network_page_offers_to_compare_it_without_listing_every_network(self, client, catalogue):
        page = _text(client.get(reverse("network-detail", args=["carin"])))
        assert '<input type="hidden" name="networks" value="carin">' in page
        assert '<input type="text" id="compare-with" name="networks"' in page
        assert "<option" not in page


# Query counts: each page at two data sizes; the count must not change with the data.


def _populate(size):
    """`size` networks, each with `size` members, topics, aliases, contacts, relations, sources."""
    from .factories import make_contact, make_populated_network

    jurisdictions = list(Jurisdiction.objects.countries().order_by("code")[: size * 2])
    networks = [make_populated_network(size, jurisdictions=jurisdictions) for _ in range(size)]
    for network in networks:
        # Public contacts, so that the network and country pages render them (no query per row).
        make_contact(network, jurisdiction=jurisdictions[0], visibility=ContactPoint.Visibility.PUBLIC)
    for network in networks[1:]:
        make_relation(network, networks[0])
        Membership.objects.create(network=networks[0], member_network=network, role=Membership.Role.PARTNER)
    return networks, jurisdictions


def _page_url(page, networks, jurisdictions):
    first, second = networks[0], networks[1]
    return {
        "home": reverse("home"),
        "detail": first.get_absolute_url(),
        "countries": reverse("country-list"),
        "country": jurisdictions[0].get_absolute_url(),
        "region": jurisdictions[0].region.get_absolute_url()
        if jurisdictions[0].region
        else reverse("region-detail", args=["europe"]),
        "topic": first.topics.first().get_absolute_url(),
        "compare": f"{reverse('compare')}?networks={first.slug}&networks={second.slug}",
    }[page]


@pytest.fixture(scope="class")
def populated(request, django_db_setup, django_db_blocker):
    """_populate(size), built once for the tests of a class that all read it (tests/shared_data.py)."""
    with built_once(django_db_blocker, lambda: _populate(request.param)) as data:
        yield data


class TestQueryCounts:
    """A class of its own: the shared data lives as long as the class, and every test in it reads it."""

    @pytest.mark.parametrize("populated", [2, 6], indirect=True)
    @pytest.mark.parametrize(
        ("page", "queries"),
        [
            # 1 the catalogue version (home is memoised per version), then, not yet memoised:
            # 2 the version again and 3-13 the facet index (regions' and types' counts; see
            # test_public_list), 14 network totals, 15 jurisdictions taking part, 16 topics, 17 regions
            ("home", 17),
            # 1 network, 2 topics, 3 aliases, 4 regions, 5 stated counts, 6 relations, 7 incoming relations,
            # 8 memberships held, 9 contact points, 10 sources, 11 meetings, 12 documents (both as the viewer
            # may see them), 13 memberships with their members (as rows)
            ("detail", 13),
            # 1 the catalogue version (counts are memoised per version), 2 network counts per country
            # (one grouped query), 3 countries with their regions
            ("countries", 3),
            # 1 jurisdiction with parent and regions, 2 former names, 3 sub-national units, 4 the catalogue
            # version and 5-15 the facet index (the states sharing its current networks, for the map, and
            # how many networks it belongs to now; see test_public_list), 16 the first memberships of
            # each role, current and ended apart, with the role's count (a window), 17 contact points,
            # 18 the liaison posts it sends or hosts (none here; their parties would take one more)
            ("country", 18),
            # 1 region with parents, 2 its children, 3 the catalogue version and 4-14 the facet index
            # (its networks and how many; see test_public_list), 15 the first networks with counts, 16 countries
            ("region", 16),
            # 1 topic, 2 the catalogue version and 3-13 the facet index (the topic's networks, their
            # order, member figures and number; see test_public_list), 14 the first networks, 15 their topics
            ("topic", 15),
            # 1 chosen networks (by identifier, acronym or name) with member counts, 2 their topics,
            # 3 their current members
            ("compare", 3),
        ],
    )
    @pytest.mark.parametrize("as_of", ["", "2017-06-01"])  # a page read as of another day costs the same
    @pytest.mark.parametrize("language", ["en", "fr"])  # and so does a page in French
    def test_each_page_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, populated, page, queries, as_of, language
    ):
        networks, jurisdictions = populated
        with translation.override(language):
            url = _page_url(page, networks, jurisdictions)
        assert url.startswith(f"/{language}/")
        if as_of:
            url += ("&" if "?" in url else "?") + f"as_of={as_of}"
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200


def test_the_memoised_home_page_follows_every_change_to_the_catalogue(client, django_assert_num_queries):
    _populate(2)
    first = client.get(reverse("home")).context["totals"]["total"]
    with django_assert_num_queries(1):  # the catalogue version; the rest is memoised
        client.get(reverse("home"))
    make_network()
    assert client.get(reverse("home")).context["totals"]["total"] == first + 1


@pytest.mark.parametrize("kind", ["topic", "region"])
def test_topic_and_region_pages_list_the_first_networks_and_link_to_all(client, kind, monkeypatch):
    import public.views

    monkeypatch.setattr(public.views, "LANDING_PAGE_NETWORKS", 2)
    monkeypatch.setattr("public.places.LANDING_PAGE_NETWORKS", 2)
    networks, jurisdictions = _populate(3)
    topic = networks[0].topics.first()
    for network in networks[1:]:
        network.topics.add(topic)
    region = jurisdictions[0].region
    url, param = {
        "topic": (topic.get_absolute_url(), f"topic={topic.slug}"),
        "region": (region.get_absolute_url(), f"region={region.slug}"),
    }[kind]
    response = client.get(url)
    assert len(response.context["networks"]) == 2
    assert response.context["network_total"] == 3
    assert f'href="{reverse("network-list")}?{param}">See all 3 in the catalogue</a>' in response.content.decode()
