"""The anonymous page cache: shared only between anonymous visitors, stale never a moment after a change."""

import io
import uuid

import pytest
import redis
from django.contrib.auth.models import Permission
from django.core.cache import cache, caches
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.urls import path, reverse
from django.utils import translation
from django_redis.cache import RedisCache

from networks.models import ContactPoint
from pagecache.invalidation import catalogue_version
from pagecache.middleware import MAX_PAGE_BYTES
from registry import urls as registry_urls

from .factories import make_contact, make_network, make_populated_network, make_topic

pytestmark = pytest.mark.django_db

PUBLIC_CANARY = "CANARY-PUBLIC-7f3a"
PRACTITIONER_CANARY = "CANARY-PRACTITIONERS-7f3a"
SECRETARIAT_CANARY = "CANARY-SECRETARIAT-7f3a"


def cookie_page(request):
    return HttpResponse(f"<form><input name=csrfmiddlewaretoken value={get_token(request)}></form>")


def large_page(request):
    return HttpResponse("<html>" + "x" * MAX_PAGE_BYTES + "</html>")


def varying_page(request):
    response = HttpResponse("<html>for this browser</html>")
    response["Vary"] = "User-Agent"
    return response


# This module doubles as a URLconf: the project's pages plus three probes.
urlpatterns = [
    path("probe/cookie/", cookie_page),
    path("probe/vary/", varying_page),
    path("probe/large/", large_page),
    *registry_urls.urlpatterns,  # i18n_patterns belong in the root URLconf, not in an include()
]


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.ROOT_URLCONF = __name__
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def network():
    network = make_network(name="Western Africa Judicial Network", slug="wajn")
    make_contact(network, name=PUBLIC_CANARY, visibility=ContactPoint.Visibility.PUBLIC)
    make_contact(network, name=PRACTITIONER_CANARY, visibility=ContactPoint.Visibility.PRACTITIONERS)
    make_contact(network, name=SECRETARIAT_CANARY, visibility=ContactPoint.Visibility.SECRETARIAT)
    return network


@pytest.fixture
def practitioner(django_user_model):
    user = django_user_model.objects.create_user("practitioner", "p@example.org", "a-long-passphrase-42")
    user.user_permissions.add(Permission.objects.get(codename="view_practitioner_contacts"))
    return user


def _admin_change_data(response):
    """The admin change form's current values, as the browser would post them back."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(
    page_cache, client, network, django_assert_num_queries
):
    url = reverse("network-detail", args=[network.slug])
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss"
    # A hit costs one query (the catalogue version), however large the page.
    with django_assert_num_queries(1):
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_costs_one_query_for_a_small_and_a_large_network(page_cache, client, django_assert_num_queries):
    for size in (2, 12):
        url = reverse("network-detail", args=[make_populated_network(size).slug])
        client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_head_request_is_answered_from_the_cache(page_cache, client, network):
    url = reverse("network-detail", args=[network.slug])
    client.get(url)
    assert client.head(url)["X-Page-Cache"] == "hit"


def test_a_network_renamed_in_the_admin_shows_at_once_on_its_public_page(page_cache, client, network, admin_client):
    public_url = reverse("network-detail", args=[network.slug])
    client.get(public_url)
    assert client.get(public_url)["X-Page-Cache"] == "hit"

    change_url = reverse("admin:networks_network_change", args=[network.pk])
    data = _admin_change_data(admin_client.get(change_url))
    data["name_en"] = "Sahel Judicial Platform"
    response = admin_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response

    response = client.get(public_url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Sahel Judicial Platform" in response.content
    assert b"Western Africa Judicial Network" not in response.content


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda n: make_contact(n, name="New desk"), id="related row saved"),
        pytest.param(lambda n: n.contact_points.first().delete(), id="related row deleted"),
        pytest.param(lambda n: n.topics.add(make_topic()), id="many-to-many link added"),
        pytest.param(lambda n: n.topics.clear(), id="many-to-many links cleared"),
    ],
)
def test_every_kind_of_catalogue_write_gives_a_new_version(network, change):
    network.topics.add(make_topic())
    before = catalogue_version()
    change(network)
    assert catalogue_version() != before


def test_a_signed_in_user_is_never_served_the_cached_anonymous_page(page_cache, client, network, practitioner):
    url = reverse("network-detail", args=[network.slug])
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"

    client.force_login(practitioner)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert PRACTITIONER_CANARY in response.content.decode()


def test_a_cached_page_never_holds_restricted_contacts(page_cache, client, network, practitioner):
    url = reverse("network-detail", args=[network.slug])
    signed_in = type(client)()
    signed_in.force_login(practitioner)
    assert PRACTITIONER_CANARY in signed_in.get(url).content.decode()  # the practitioner's page is not stored

    for response in (client.get(url), client.get(url)):
        content = response.content.decode()
        assert PUBLIC_CANARY in content
        assert PRACTITIONER_CANARY not in content
        assert SECRETARIAT_CANARY not in content
    assert response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "url",
    [
        "/probe/cookie/",
        "/probe/vary/",
        "/probe/large/",
        reverse("network-detail", args=["no-such-network"]),
        "/healthz",
    ],
)
def test_pages_that_set_cookies_vary_are_too_large_or_not_html_are_not_stored(page_cache, client, url):
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_the_probe_and_downloads_skip_the_cache_without_a_query(page_cache, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


def test_the_admin_is_never_cached(page_cache, client):
    url = reverse("admin:login")
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_with_the_cache_off_nothing_is_stored(settings, client, network):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("network-detail", args=[network.slug])
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_templates_are_compiled_once_per_process_through_the_cached_loader():
    # No `loaders` in TEMPLATES: Django wraps the filesystem and app loaders in the cached loader.
    loaders = engines["django"].engine.template_loaders
    assert [type(loader) for loader in loaders] == [CachedLoader]


@pytest.fixture
def redis_cache(settings):
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    prefix = f"test-pagecache-{uuid.uuid4().hex}"  # other test runs may share this Redis
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url, "KEY_PREFIX": prefix}}
    settings.PAGE_CACHE_SECONDS = 600
    yield
    cache.delete_pattern("*")  # only this prefix's keys


def test_redis_backend_serves_and_invalidates_cached_pages(redis_cache, client, network, admin_client):
    assert isinstance(caches["default"], RedisCache)
    url = reverse("network-detail", args=[network.slug])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"

    network.name = "Renamed through the ORM"
    network.save()
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Renamed through the ORM" in response.content


def test_a_bulk_import_shows_at_once_on_the_public_page(page_cache, client, network, tmp_path):
    # Imports write in bulk, which sends no signals: the import itself must give a new version.
    public_url = reverse("network-detail", args=[network.slug])
    client.get(public_url)
    assert client.get(public_url)["X-Page-Cache"] == "hit"
    file = tmp_path / "networks.csv"
    file.write_text(f"slug,name,type\n{network.slug},Sahel Judicial Platform,judicial\n", encoding="utf-8")
    call_command("import_catalogue", str(file), stdout=io.StringIO())

    response = client.get(public_url)
    assert response["X-Page-Cache"] == "miss"
    assert b"Sahel Judicial Platform" in response.content


def test_a_page_in_french_is_stored_apart_from_the_same_page_in_english(page_cache, client, network):
    """/en/ and /fr/ are two keys; the prefix, not the browser, decides the language of a stored page."""
    url = network.get_absolute_url()
    with translation.override("fr"):
        french_url = network.get_absolute_url()
    assert url.startswith("/en/") and french_url.startswith("/fr/")
    client.get(url, headers={"accept-language": "en"})
    english = client.get(url, headers={"accept-language": "fr"})
    assert english["X-Page-Cache"] == "hit" and english["Content-Language"] == "en"
    french = client.get(french_url, headers={"accept-language": "en"})
    assert french["X-Page-Cache"] == "miss" and french["Content-Language"] == "fr"
    assert client.get(french_url)["X-Page-Cache"] == "hit"
