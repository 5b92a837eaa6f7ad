"""robots.txt and the sitemap: what crawlers are kept from, and every public page in both languages."""

import re
import urllib.robotparser

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from library.audience import Audience
from networks.models import Network
from public.sitemaps import NetworkPages
from sitepages.models import SitePage

from .factories import make_document, make_meeting, make_network, make_topic
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def _in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args or None)


def _robots(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.content.decode().splitlines())
    return parser, response.content.decode()


def test_robots_txt_keeps_crawlers_out_of_the_admin_accounts_and_practitioners_pages(client):
    parser, text = _robots(client)
    for language in ("en", "fr"):
        for name, args in [("login", []), ("password_reset", []), ("contact-search", []), ("entry-confirm", ["t"])]:
            assert not parser.can_fetch("*", _in(language, name, *args)), (language, name)
        for name, args in [("home", []), ("network-list", []), ("network-detail", ["ejn"]), ("about", [])]:
            assert parser.can_fetch("*", _in(language, name, *args)), (language, name)
    assert not parser.can_fetch("*", "/admin/networks/network/")
    assert not parser.can_fetch("*", _in("fr", "invitation-accept", "a-token"))
    for address in ["/api/v1/networks/", "/data/networks.csv", "/meetings.ics", "/sitemap.xml"]:
        assert parser.can_fetch("*", address), address
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]
    assert "Disallow: /\n" not in text


def _locations(client, section):
    response = client.get(reverse("sitemap-section", args=[section]))
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    return response.content.decode()


def test_the_sitemap_index_names_every_section(client):
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    listed = re.findall(r"<loc>http://testserver/sitemap-([a-z]+)\.xml</loc>", response.content.decode())
    assert listed == ["pages", "official", "networks", "countries", "regions", "topics", "documents"]


def test_every_network_page_is_listed_in_each_language_with_its_alternates_and_last_change(client):
    network = make_network(slug="ejn")
    updated = Network.objects.get(pk=network.pk).updated
    xml = _locations(client, "networks")
    entries = re.findall(r"<url>(.*?)</url>", xml)
    assert len(entries) == 2 * Network.objects.count()
    for language in ("en", "fr"):
        entry = next(e for e in entries if f"<loc>http://testserver/{language}/networks/ejn/</loc>" in e)
        assert f"<lastmod>{updated.date().isoformat()}</lastmod>" in entry
        alternates = [("en", "/en/networks/ejn/"), ("fr", "/fr/networks/ejn/"), ("x-default", "/networks/ejn/")]
        for hreflang, address in alternates:
            assert f'<xhtml:link rel="alternate" hreflang="{hreflang}" href="http://testserver{address}"/>' in entry


def test_the_site_pages_countries_regions_and_topics_are_listed_in_both_languages(client):
    topic = make_topic()
    pages = _locations(client, "pages")
    for name in ["home", "network-list", "country-list", "region-list", "topic-list", "compare", "route-finder",
                 "liaison-list", "meeting-list", "document-list", "data"]:  # fmt: skip
        for language in ("en", "fr"):
            assert f"<loc>http://testserver{_in(language, name)}</loc>" in pages, (name, language)
    official = _locations(client, "official")
    about = SitePage.objects.get(slug="about")
    assert re.search(
        rf"<loc>http://testserver/fr/about/</loc><lastmod>{about.updated.date().isoformat()}</lastmod>", official
    )
    assert "<loc>http://testserver/fr/countries/gh/</loc>" in _locations(client, "countries")
    assert "<loc>http://testserver/en/regions/africa/</loc>" in _locations(client, "regions")
    assert f"<loc>http://testserver/fr/topics/{topic.slug}/</loc>" in _locations(client, "topics")


def test_only_files_anyone_may_download_are_listed(client):
    public = make_document(slug="public-charter", file=ContentFile(pdf_bytes(), name="charter.pdf"), file_type="pdf")
    make_document(
        slug="practitioners-guide",
        audience=Audience.PRACTITIONERS,
        file=ContentFile(pdf_bytes(), name="guide.pdf"),
        file_type="pdf",
    )
    make_document(slug="linked-report", url="https://example.org/report.pdf")
    make_meeting(slug="closed-meeting", audience=Audience.PRACTITIONERS)
    xml = _locations(client, "documents")
    assert re.findall(r"<loc>([^<]*)</loc>", xml) == ["http://testserver/documents/public-charter/file"]
    assert f"<lastmod>{public.updated.date().isoformat()}</lastmod>" in xml
    for section in ["pages", "official", "networks", "documents"]:
        body = _locations(client, section)
        assert "practitioners-guide" not in body and "closed-meeting" not in body


@pytest.mark.parametrize("networks", [1, 30])
def test_the_sitemap_costs_one_query_per_section_whatever_the_catalogue_size(
    client, django_assert_num_queries, networks
):
    for _ in range(networks):
        make_network()
    with django_assert_num_queries(1):  # the networks' slugs and last changes
        client.get(reverse("sitemap-section", args=["networks"]))
    with django_assert_num_queries(0):  # the site's own pages: addresses only
        client.get(reverse("sitemap-section", args=["pages"]))
    # official pages, networks, countries, regions, topics, document files; the site's pages need none
    with django_assert_num_queries(6):
        client.get(reverse("sitemap"))


def test_a_large_section_is_split_into_pages_that_the_index_lists(client, monkeypatch):
    monkeypatch.setattr(NetworkPages, "limit", 4)  # two networks in two languages a page
    slugs = sorted(make_network().slug for _ in range(3))
    index = client.get(reverse("sitemap")).content.decode()
    assert "<loc>http://testserver/sitemap-networks.xml?p=2</loc>" in index
    assert "sitemap-networks.xml?p=3" not in index
    second = client.get(reverse("sitemap-section", args=["networks"]), {"p": 2}).content.decode()
    assert re.findall(r"<loc>http://testserver/(?:en|fr)/networks/([^/]+)/</loc>", second) == [slugs[2], slugs[2]]


@pytest.mark.parametrize("address", ["/sitemap-nothing.xml", "/sitemap-networks.xml?p=2", "/sitemap-networks.xml?p=x"])
def test_an_unknown_section_or_page_of_the_sitemap_is_a_404(client, address):
    make_network()
    assert client.get(address).status_code == 404
