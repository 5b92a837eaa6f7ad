"""The read API: resources, the public list's filters and facets, contact point visibility, tokens, query counts."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from countries.models import Jurisdiction
from networks.models import ContactPoint, Membership, Network, NetworkSource

from .factories import (
    make_contact,
    make_membership,
    make_network,
    make_organisation,
    make_populated_network,
    make_practitioner,
    make_secretariat_member,
    make_source,
)
from .shared_data import built_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(sample_catalogue):
    """make_sample_catalogue()'s objects, built once for the tests in a row that read it (tests/sample_catalogue.py)."""
    return sample_catalogue.objects()


def _get(client, url, params=None, **headers):
    response = client.get(url, params or {}, **headers)
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response


def _slugs(response):
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"topic": "asset-recovery"},
        {"topic": ["mutual-legal-assistance", "drug-trafficking"]},
        {"region": "africa"},
        {"country": "gb"},
        {"type": "prosecutors"},
        {"status": "active", "sort": "-established"},
        {"sort": "members"},
        {"q": "ibero"},
    ],
)
def test_the_network_list_gives_what_the_public_list_gives_for_the_same_query(client, catalogue, params):
    page = client.get(reverse("network-list"), params)
    api = _get(client, reverse("api:network-list"), params)
    assert api.status_code == 200
    assert _slugs(api) == [network.slug for network in page.context["networks"]]
    assert api.json()["count"] == page.context["paginator"].count


def test_the_network_list_carries_the_public_list_facet_counts(client, catalogue):
    body = _get(client, reverse("api:network-list"), {"region": "africa"}).json()
    page = client.get(reverse("network-list"), {"region": "africa"}).context["facets"]
    for name in ("topic", "region", "type", "status"):
        assert {o["value"]: o["count"] for o in body["facets"][name]} == {
            str(o["value"]): o["count"] for o in page[name]
        }
    assert [o["value"] for o in body["facets"]["region"] if o["selected"]] == ["africa"]


def test_a_network_detail_has_members_by_role_former_members_relations_and_identifiers(client, catalogue):
    carin = Network.objects.get(slug="carin")
    body = _get(client, reverse("api:network-detail", args=["carin"])).json()
    assert body["id"] == carin.registry_id and body["slug"] == "carin"
    roles = {group["role"]: group for group in body["members_by_role"]}
    current = Membership.objects.current().filter(network=carin)
    assert sum(len(group["members"]) for group in roles.values()) == current.count()
    assert {m["member"]["code"] for m in roles["observer"]["members"]} >= {"GH"}
    assert "NG" in {m["member"]["code"] for m in body["former_members"]}  # Nigeria left in 2015
    assert body["topics"][0]["url"].startswith("http://testserver/api/v1/topics/")
    assert body["page"] == "http://testserver" + reverse("network-detail", args=["carin"])


def test_every_resource_lists_and_shows_one_record(client, catalogue):
    ghana = Jurisdiction.objects.get(code="GH")
    for name, detail in [
        ("network", "carin"),
        ("membership", str(Membership.objects.order_by("pk").first().pk)),
        ("relation", None),
        ("jurisdiction", "gh"),
        ("region", ghana.region.slug),
        ("topic", "asset-recovery"),
        ("organisation", None),
        ("contactpoint", None),
    ]:
        listed = _get(client, reverse(f"api:{name}-list"))
        assert listed.status_code == 200, name
        results = listed.json()["results"]
        assert results, name
        url = results[0]["url"] if detail is None else reverse(f"api:{name}-detail", args=[detail])
        assert _get(client, url).status_code == 200, name


def test_organisations_and_sources_say_the_language_of_their_texts(client):
    # A BCP 47 tag, as aliases give theirs; null for names in no one language.
    make_organisation(slug="dna", name="Direzione nazionale antimafia", language="it")
    make_organisation(slug="mixed", name="EJN / RJE", language="")
    network = make_network(slug="ejn")
    NetworkSource.objects.create(network=network, source=make_source(title="Rapport annuel", language="fr"))
    organisations = {o["slug"]: o for o in _get(client, reverse("api:organisation-list")).json()["results"]}
    assert (organisations["dna"]["language"], organisations["mixed"]["language"]) == ("it", None)
    assert _get(client, reverse("api:organisation-detail", args=["dna"])).json()["language"] == "it"
    sources = _get(client, reverse("api:network-detail", args=["ejn"])).json()["sources"]
    assert [link["source"]["language"] for link in sources] == ["fr"]


def test_a_jurisdiction_lists_its_former_names_and_m49_regions(client):
    from countries.models import JurisdictionAlias

    eswatini = Jurisdiction.objects.get(code="SZ")
    JurisdictionAlias.objects.get_or_create(
        jurisdiction=eswatini, name="Swaziland", defaults={"kind": JurisdictionAlias.Kind.HISTORICAL}
    )
    body = _get(client, reverse("api:jurisdiction-detail", args=["sz"])).json()
    assert "Swaziland" in body["former_names"]
    assert (body["region"], body["subregion"]) == ("africa", "sub-saharan-africa")


# Contact points: only ContactPoint.objects.visible_to(user) -----------------------------------


def _contact_names(client, **headers):
    return {item["name"] for item in _get(client, reverse("api:contactpoint-list"), **headers).json()["results"]}


def test_anonymous_clients_see_only_public_contact_points(client, catalogue):
    visible = set(ContactPoint.objects.visible_to(None).values_list("name", flat=True))
    assert visible and visible != set(ContactPoint.objects.values_list("name", flat=True))
    assert _contact_names(client) == visible


def test_a_practitioner_token_issued_by_the_secretariat_shows_practitioner_contact_points(client, catalogue):
    practitioner = make_practitioner()
    secretariat = make_secretariat_member()
    client.force_login(secretariat)
    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": practitioner.pk})
    assert response.status_code == 302
    client.logout()
    token = Token.objects.get(user=practitioner)
    seen = _contact_names(client, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert seen == set(ContactPoint.objects.visible_to(practitioner).values_list("name", flat=True))
    assert seen > _contact_names(client)


def test_a_session_counts_as_the_user_too(client, catalogue):
    practitioner = make_practitioner()
    client.force_login(practitioner)
    assert _contact_names(client) == set(ContactPoint.objects.visible_to(practitioner).values_list("name", flat=True))


def test_a_wrong_token_is_refused_as_json(client, catalogue):
    response = _get(client, reverse("api:contactpoint-list"), HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_only_the_secretariat_sees_the_tokens_in_the_admin(client):
    from .factories import make_network_editor

    client.force_login(make_network_editor(make_network()))
    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 403


def test_a_non_public_contact_point_is_not_found_by_anonymous_clients(client, catalogue):
    hidden = ContactPoint.objects.exclude(visibility=ContactPoint.Visibility.PUBLIC).first()
    response = _get(client, reverse("api:contactpoint-detail", args=[hidden.pk]))
    assert response.status_code == 404


# Query counts ---------------------------------------------------------------------------------


def _populate(size):
    jurisdictions = list(Jurisdiction.objects.countries().order_by("code")[: size * 2])
    return [make_populated_network(size, jurisdictions=jurisdictions) for _ in range(size)]


@pytest.fixture(scope="class")
def populated(request, django_db_setup, django_db_blocker):
    """_populate(size), built once for the tests of a class that all read it (tests/shared_data.py)."""
    with built_once(django_db_blocker, lambda: _populate(request.param)) as networks:
        yield networks


class TestQueryCounts:
    """A class of its own: the shared data lives as long as the class, and every test in it reads it."""

    @pytest.mark.parametrize("populated", [2, 6], indirect=True)
    def test_the_network_list_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, populated):
        networks = populated
        topic = networks[0].topics.first()
        url = reverse("api:network-list")
        _get(client, url)  # builds the facet index for this catalogue version
        # 1 the catalogue version (validators), 2 the version again (facet index, kept per version),
        # 3 the page of networks with member counts, 4 their topics, 5 their regions
        with django_assert_num_queries(5):
            assert len(_get(client, url).json()["results"]) == len(networks)
        # Filtered by topic and region: 6 the topic and 7 the region the parameters name.
        region = Jurisdiction.objects.get(code=networks[0].memberships.first().jurisdiction.code).region
        with django_assert_num_queries(7):
            _get(client, url, {"topic": topic.slug, "region": region.slug})

    @pytest.mark.parametrize("populated", [2, 6], indirect=True)
    def test_a_network_detail_runs_a_fixed_number_of_queries(self, client, django_assert_num_queries, populated):
        network = populated[0]
        # 1 version, 2 network with member counts, 3 topics, 4 regions, 5 aliases, 6 stated counts,
        # 7 relations, 8 incoming relations, 9 current and 10 ended memberships, 11 sources
        with django_assert_num_queries(11):
            _get(client, reverse("api:network-detail", args=[network.slug]))

    @pytest.mark.parametrize("populated", [2, 6], indirect=True)
    @pytest.mark.parametrize(
        ("name", "queries"),
        [
            # 1 version, 2 count, 3 the page (every relation joined)
            ("membership", 3),
            ("relation", 3),
            ("organisation", 3),
            ("region", 3),
            ("topic", 3),
            ("contactpoint", 3),
            # and 4 the former names of the page's jurisdictions
            ("jurisdiction", 4),
        ],
    )
    def test_every_other_list_runs_a_fixed_number_of_queries(
        self, client, django_assert_num_queries, populated, name, queries
    ):
        with django_assert_num_queries(queries):
            _get(client, reverse(f"api:{name}-list"))


def test_a_list_with_modified_since_adds_one_query_for_its_tombstones(client, django_assert_num_queries):
    _populate(2)
    # 1 version, 2 count, 3 the page, 4 the tombstones
    with django_assert_num_queries(4):
        _get(client, reverse("api:membership-list"), {"modified_since": "2020-01-01"})


def test_signed_in_clients_pay_for_their_session_and_what_they_may_see(client, django_assert_num_queries):
    _populate(2)
    client.force_login(make_practitioner())
    # 1 session, 2 user, 3 and 4 the user's group and user permissions (read once, for the validators
    # and the visibility rule), 5 the networks they edit (the validators), 6 the catalogue version,
    # 7 count, 8 the page
    with django_assert_num_queries(8):
        response = _get(client, reverse("api:contactpoint-list"))
    assert response["ETag"] and "Last-Modified" not in response
    assert {"private", "no-cache", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_contact_points_of_a_network_and_a_country_filter(client, catalogue):
    ghana = Jurisdiction.objects.get(code="GH")
    network = make_network()
    make_membership(network, ghana)
    make_contact(network, name="Ghana desk", jurisdiction=ghana, visibility=ContactPoint.Visibility.PUBLIC)
    names = _contact_names(client, QUERY_STRING=f"network={network.slug}&jurisdiction=ghana")
    assert names == {"Ghana desk"}


def test_a_relation_gives_its_dates_with_their_precision(client):
    from networks.models import Relation

    partner, other = make_network(slug="partner-a"), make_network(slug="partner-b")
    relation = Relation.objects.create(
        network=partner, kind=Relation.Kind.PARTNER, target_network=other, since="2009-01-01", since_precision="year"
    )
    data = _get(client, reverse("api:relation-detail", args=[relation.pk])).json()
    assert (data["since"], data["since_precision"], data["until"]) == ("2009-01-01", "year", None)
