"""The API over HTTP: validators (ETag, Last-Modified, 304), modified_since and tombstones, throttling,
CORS, moved slugs, and hostile parameters (always JSON naming the parameter, never a 500)."""

import datetime

import pytest
import yaml
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from networks.models import ContactPoint, Membership, Network
from registry.identifiers import registry_id

from .factories import make_contact, make_membership, make_network, make_practitioner

pytestmark = pytest.mark.django_db
NETWORKS = reverse("api:network-list")


@pytest.fixture
def network():
    from countries.models import Jurisdiction

    network = make_network(slug="wacap", name="West African Network of Central Authorities and Prosecutors")
    make_membership(network, Jurisdiction.objects.get(code="GH"))
    return network


# Validators --------------------------------------------------------------------------------------


def test_a_response_carries_an_etag_and_a_matching_request_gets_a_304_without_a_body(client, network):
    first = client.get(NETWORKS)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(NETWORKS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(NETWORKS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_304_costs_one_query(client, network, django_assert_num_queries):
    etag = client.get(NETWORKS)["ETag"]
    with django_assert_num_queries(1):  # the catalogue version
        assert client.get(NETWORKS, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_any_catalogue_change_changes_the_etag(client, network):
    before = client.get(reverse("api:network-detail", args=["wacap"]))["ETag"]
    network.acronym = "WACAP"
    network.save()
    after = client.get(reverse("api:network-detail", args=["wacap"]), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200 and after["ETag"] != before
    assert after.json()["acronym"] == "WACAP"


def test_other_addresses_have_other_etags(client, network):
    assert client.get(NETWORKS)["ETag"] != client.get(NETWORKS, {"page_size": 1})["ETag"]


# modified_since and tombstones -------------------------------------------------------------------


def _since(moment):
    return {"modified_since": moment.isoformat()}


def test_modified_since_lists_changed_records_and_deleted_ones_as_tombstones(client, network):
    quiet = make_network(slug="quiet")
    gone = make_network(slug="gone")
    gone_id = gone.registry_id
    moment = timezone.now()
    network.description = "Changed."
    network.save()
    gone.delete()
    body = client.get(NETWORKS, _since(moment)).json()
    assert [item["slug"] for item in body["results"]] == ["wacap"]
    assert [tombstone["id"] for tombstone in body["deleted"]] == [gone_id]
    assert quiet.slug not in {item["slug"] for item in body["results"]}


def test_a_change_to_a_network_membership_counts_as_a_change_of_the_network(client, network):
    from countries.models import Jurisdiction

    moment = timezone.now()
    make_membership(network, Jurisdiction.objects.get(code="SN"))
    assert [item["slug"] for item in client.get(NETWORKS, _since(moment)).json()["results"]] == ["wacap"]


def test_a_membership_that_ended_since_is_listed_though_not_edited(client, network):
    membership = Membership.objects.get(network=network)
    Membership.objects.filter(pk=membership.pk).update(until=timezone.localdate())  # no history row
    moment = timezone.now() - datetime.timedelta(hours=1)
    body = client.get(reverse("api:membership-list"), _since(moment)).json()
    assert [item["id"] for item in body["results"]] == [membership.pk]


def test_a_deleted_public_contact_point_is_a_tombstone_but_a_secret_one_is_never_named(client, network):
    public = make_contact(network, visibility=ContactPoint.Visibility.PUBLIC)
    secret = make_contact(network, visibility=ContactPoint.Visibility.SECRETARIAT)
    hidden = make_contact(network, visibility=ContactPoint.Visibility.PUBLIC, name="Made secret")
    moment = timezone.now()
    public_id, secret_id = public.pk, secret.pk
    public.delete()
    secret.delete()
    hidden.visibility = ContactPoint.Visibility.SECRETARIAT
    hidden.save()
    body = client.get(reverse("api:contactpoint-list"), _since(moment)).json()
    assert body["results"] == []
    assert {tombstone["id"] for tombstone in body["deleted"]} == {public_id, hidden.pk}  # numbers, as the records'
    assert secret_id not in {tombstone["id"] for tombstone in body["deleted"]}


def test_a_practitioner_is_told_of_deleted_practitioner_contact_points(client, network):
    contact = make_contact(network, visibility=ContactPoint.Visibility.PRACTITIONERS)
    moment = timezone.now()
    contact_id = contact.pk
    contact.delete()
    assert client.get(reverse("api:contactpoint-list"), _since(moment)).json()["deleted"] == []
    client.force_login(make_practitioner())
    deleted = client.get(reverse("api:contactpoint-list"), _since(moment)).json()["deleted"]
    assert [tombstone["id"] for tombstone in deleted] == [contact_id]


@pytest.mark.parametrize(
    "value", ["2026-01-01", "2026-01-01T10:00:00", "2026-01-01T10:00:00+02:00", "0001-01-01", "9999-12-31"]
)
def test_modified_since_takes_a_date_or_a_date_and_time(client, network, value):
    assert client.get(NETWORKS, {"modified_since": value}).status_code == 200


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("modified_since", "yesterday"),
        ("modified_since", "2026-13-45"),
        ("modified_since", "99999-01-01"),
        # Valid ISO 8601, but outside the calendar once in UTC (they were 500s on every list).
        ("modified_since", "9999-12-31T23:59:59-14:00"),
        ("modified_since", "0001-01-01T00:00:00+14:00"),
        ("page", "0"),
        ("page", "-1"),
        ("page", "٣"),
        ("page", "9" * 400),
        ("page_size", "100000"),
        ("topic", "no-such-topic"),
        ("country", "Atlantis"),
        ("type", "secret"),
        ("sort", "DROP TABLE"),
        ("q", "x" * 10_000),
        ("q", "nul\x00byte"),
        ("region", "\x00"),
        ("surprise", "1"),
    ],
)
def test_a_bad_parameter_is_a_400_in_json_that_names_it(client, network, name, value):
    response = client.get(NETWORKS, {name: value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert name in response.json()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", {"GH"}), ("1", {"GH"}), ("TRUE", {"GH"}), ("yes", {"GH"}), ("false", {"SN"}), ("0", {"SN"}),
     ("", {"GH", "SN"})],
)  # fmt: skip
def test_current_reads_true_and_false_as_usually_written(client, network, value, expected):
    from countries.models import Jurisdiction

    make_membership(network, Jurisdiction.objects.get(code="SN"), until=datetime.date(2015, 1, 1))
    response = client.get(reverse("api:membership-list"), {"current": value})
    assert {item["member"]["code"] for item in response.json()["results"]} == expected


@pytest.mark.parametrize(
    "query", ["network=wacap&network=ejn", "current=true&current=false", "role=member&role=observer"]
)
def test_a_parameter_that_takes_one_value_given_twice_is_a_400_not_the_last_value(client, network, query):
    # django-filter read the last value and dropped the others: ?current=true&current=false gave ended ones.
    response = client.get(f"{reverse('api:membership-list')}?{query}")
    name = query.partition("=")[0]
    assert response.status_code == 400
    assert response.json() == {name: ["given 2 times; it takes one value."]}


@pytest.mark.parametrize("value", ["maybe", "2", "vrai", "truee"])
def test_a_current_that_is_neither_true_nor_false_is_a_400_not_every_membership(client, network, value):
    # django-filter read a value it did not know as no filter: ?current=1 answered the ended memberships too.
    response = client.get(reverse("api:membership-list"), {"current": value})
    assert response.status_code == 400
    assert response.json() == {"current": [f"“{value}” is not true or false."]}


def test_the_schema_says_a_jurisdiction_parameter_is_text_and_current_a_boolean(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/memberships/"]["get"]["parameters"]}
    assert parameters["jurisdiction"]["type"] == "string" and parameters["current"]["type"] == "boolean"


@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/v1/networks/wacap/extra/", "/api/v1/networks.json"])
def test_an_unknown_api_address_is_a_json_404_with_debug_on_too(client, settings, path):
    settings.DEBUG = True  # `make run`: Django answers its own HTML page there instead of handler404
    response = client.get(path, follow=True)
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/memberships/99999999999999999999999/",
        "/api/v1/memberships/abc/",
        "/api/v1/jurisdictions/zz/",
        "/api/v1/networks/%00/",
        "/api/v1/topics/" + "x" * 5000 + "/",
        "/api/v1/nowhere/",
    ],
)
def test_an_unknown_address_is_a_json_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_page_past_the_last_names_the_parameter(client, network):
    response = client.get(NETWORKS, {"page": 5})
    assert response.status_code == 404
    assert response.json()["detail"].startswith("page:")


def test_repeated_single_filters_are_refused_by_name(client, network):
    response = client.get(NETWORKS + "?type=judicial&type=police")
    assert response.status_code == 400 and "type" in response.json()


def test_pages_follow_a_stable_order_and_link_to_each_other(client):
    for n in range(5):
        make_network(slug=f"same-{n}", name="Same name")
    first = client.get(NETWORKS, {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    slugs = [item["slug"] for page in (first, second, third) for item in page["results"]]
    assert sorted(slugs) == [f"same-{n}" for n in range(5)] and len(set(slugs)) == 5
    assert third["next"] is None and (first["pages"], first["count"]) == (3, 5)


# Throttling and CORS -----------------------------------------------------------------------------


def test_anonymous_clients_over_the_rate_get_a_json_429_with_retry_after(client, network, settings):
    settings.API_ANONYMOUS_RATE = "3/minute"
    cache.clear()
    statuses = [client.get(NETWORKS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(NETWORKS)
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]
    cache.clear()


def test_signed_in_clients_are_not_throttled_as_anonymous(client, network, settings):
    settings.API_ANONYMOUS_RATE = "1/minute"
    cache.clear()
    client.force_login(make_practitioner())
    assert [client.get(NETWORKS).status_code for _ in range(3)] == [200, 200, 200]
    cache.clear()


def test_cors_lets_any_origin_read_anonymously(client, network):
    response = client.get(NETWORKS, HTTP_ORIGIN="https://elsewhere.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


def test_cors_refuses_credentials_and_writes(client):
    preflight = client.options(
        NETWORKS,
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    assert "authorization" not in preflight.get("Access-Control-Allow-Headers", "").lower()
    assert client.post(NETWORKS, HTTP_ORIGIN="https://elsewhere.example").status_code in (403, 405)


def test_the_pages_are_not_opened_to_other_origins(client, network):
    assert "Access-Control-Allow-Origin" not in client.get(
        reverse("network-list"), HTTP_ORIGIN="https://elsewhere.example"
    )


# Moved slugs and registry identifiers ------------------------------------------------------------


def test_an_old_slug_answers_301_to_the_current_one_for_pages_and_the_api(client, network):
    network.slug = "wacap-new"
    network.save()
    page = client.get(reverse("network-detail", args=["wacap"]))
    assert page.status_code == 301 and page["Location"] == reverse("network-detail", args=["wacap-new"])
    api = client.get("/api/v1/networks/wacap/")
    assert api.status_code == 301 and api["Location"] == "http://testserver/api/v1/networks/wacap-new/"


def test_a_registry_id_answers_301_to_the_current_address(client, network):
    assert client.get(reverse("network-detail", args=[network.registry_id]))["Location"] == reverse(
        "network-detail", args=["wacap"]
    )
    assert client.get(f"/api/v1/networks/{network.registry_id}/")["Location"].endswith("/api/v1/networks/wacap/")
    ghana = network.memberships.first().jurisdiction
    assert client.get(reverse("country-detail", args=[ghana.registry_id]))["Location"] == reverse(
        "country-detail", args=["gh"]
    )


@pytest.mark.parametrize("written", [str.lower, lambda identifier: identifier[0] + identifier[1:].lower()])
def test_a_registry_id_is_read_in_either_case_as_crockford_base32_is(client, network, written):
    """A registry id pasted or dictated in lower case ("n0vx3x4veh"), or with O for 0 and I or L for 1."""
    misread = network.registry_id[0] + network.registry_id[1:].replace("0", "O").replace("1", "l")
    for identifier in [written(network.registry_id), written(misread)]:
        page = client.get(reverse("network-detail", args=[identifier]))
        assert (page.status_code, page["Location"]) == (301, reverse("network-detail", args=["wacap"])), identifier
        api = client.get(f"/api/v1/networks/{identifier}/")
        assert api.status_code == 301 and api["Location"].endswith("/api/v1/networks/wacap/"), identifier
    ghana = network.memberships.first().jurisdiction
    page = client.get(reverse("country-detail", args=[written(ghana.registry_id)]))
    assert (page.status_code, page["Location"]) == (301, reverse("country-detail", args=["gh"]))


def test_a_registry_id_is_one_of_its_kind_and_length():
    assert registry_id(" n0vx3x4veh ") == "N0VX3X4VEH"
    assert registry_id("OABCDEFGHJ") == "OABCDEFGHJ"  # O is the organisations' kind letter, not a digit there
    assert [registry_id(text) for text in ["X0VX3X4VEH", "N0VX3X4VE", "N0VX3X4VEU", "", None]] == [None] * 5


def test_an_old_slug_taken_by_another_network_is_theirs(client, network):
    network.slug = "wacap-new"
    network.save()
    other = make_network(slug="wacap")
    assert client.get(reverse("network-detail", args=["wacap"])).context["network"] == other


def test_the_docs_page_runs_under_the_csp_from_our_own_static_files(client):
    response = client.get(reverse("api:docs"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "<script>" not in body and "<style" not in body and "https://" not in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js").status_code == 200


def test_the_schema_lists_every_resource(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for name in ("networks", "memberships", "relations", "jurisdictions", "regions", "topics", "organisations",
                 "contact-points"):  # fmt: skip
        assert f"/api/v1/{name}/" in schema["paths"]
        assert f"/api/v1/{name}/{{" in "".join(schema["paths"])
    assert "modified_since" in {p["name"] for p in schema["paths"]["/api/v1/networks/"]["get"]["parameters"]}


def test_a_token_that_is_not_valid_is_a_401_the_schema_lists(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operations = [operation for path in schema["paths"].values() for operation in path.values()]
    assert operations and all("401" in operation["responses"] for operation in operations)
    for url in ["/api/v1/networks/", "/api/v1/contact-points/"]:
        response = client.get(url, HTTP_AUTHORIZATION="Token bogus")
        assert response.status_code == 401 and "detail" in response.json(), url


def test_a_network_no_longer_there_is_a_404(client):
    assert client.get("/api/v1/networks/never-was/").status_code == 404
    assert Network.objects.count() == 0
