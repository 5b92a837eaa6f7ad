"""The sitemap's sections for the public site's pages (django.contrib.sitemaps; assembled in registry/urls.py).

Every page is listed in each interface language with its alternates, as the pages' own hreflang links give
them (x-default: the unprefixed address, which redirects by browser language). Only what anyone may read
is listed: pages behind a sign-in, forms reached from e-mails and filtered views are not (robots.txt keeps
crawlers out of the first two). Each section costs at most one query, whatever the catalogue's size.
"""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from countries.models import Jurisdiction, Region
from networks.models import Network, Topic
from sitepages.models import SitePage

from .pages import LinkBuilder

# The site's own pages, by URL name: the catalogue's ways in and its tools, in every language.
PAGES = (
    "home", "network-list", "country-list", "region-list", "topic-list", "compare", "overlap", "relations-graph",
    "route-finder", "liaison-list", "liaison-matrix", "meeting-list", "document-list", "changes", "data",
)  # fmt: skip


class PageSitemap(Sitemap):
    """A section of pages in each interface language, with their alternates; items read once per request.

    Django's sitemap views ask for the items more than once (the index for the latest change and the
    number of pages); they are kept for the life of the section, which the views make per request.
    """

    i18n = True
    alternates = True
    x_default = True
    # Entries per sitemap page (500 networks in two languages): about 0.3 s and 600 KB each, where the 20,000 of
    # 10,000 networks on one page took 4 s and 11 MB; the index lists the pages (?p=2...).
    limit = 1000

    @cached_property
    def listed(self):
        return list(self.read())

    def read(self):
        return []

    def items(self):
        return self.listed


class SitePages(PageSitemap):
    def read(self):
        return PAGES

    def location(self, name):
        return reverse(name)


class OfficialPages(PageSitemap):
    """About, Contact, Privacy, Accessibility, Terms: as the footer links them, with the secretariat's last edit."""

    def read(self):
        return SitePage.objects.order_by("slug").only("slug", "updated")

    def lastmod(self, page):
        return page.updated


class NetworkPages(PageSitemap):
    """Every public network's page, with the last change to its entry (Network.updated moves with its rows too)."""

    links = LinkBuilder(for_process=True)  # reads the language each address is asked in

    def read(self):
        return Network.objects.public().order_by("slug").values("slug", "updated")

    def location(self, network):
        return self.links.network_url(network["slug"])

    def lastmod(self, network):
        return network["updated"]


class CountryPages(PageSitemap):
    links = LinkBuilder(for_process=True)

    def read(self):
        return Jurisdiction.objects.order_by("code").values_list("code", flat=True)

    def location(self, code):
        return self.links.jurisdiction_url(code)


class RegionPages(PageSitemap):
    def read(self):
        return Region.objects.order_by("slug").values_list("slug", flat=True)

    def location(self, slug):
        return reverse("region-detail", args=[slug])


class TopicPages(PageSitemap):
    links = LinkBuilder(for_process=True)

    def read(self):
        return Topic.objects.order_by("slug").values_list("slug", flat=True)

    def location(self, slug):
        return self.links.topic_url(slug)


SECTIONS = {
    "pages": SitePages,
    "official": OfficialPages,
    "networks": NetworkPages,
    "countries": CountryPages,
    "regions": RegionPages,
    "topics": TopicPages,
}
