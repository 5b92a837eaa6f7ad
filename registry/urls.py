"""The site's addresses: pages under a language prefix (/en/, /fr/), everything a machine reads without one.

Pages come from each app's `urlpatterns` inside `i18n_patterns`; an old address without the prefix
answers with a redirect to the visitor's language (LocaleMiddleware, query string kept). Downloads,
feeds, calendars, the API, the admin and the probe come from `machine_urlpatterns` and stay where
they were, so that scripts, feed readers and calendars that know them keep working.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.http import HttpResponse
from django.urls import include, path

from accounts import urls as accounts_urls
from exchange import urls as exchange_urls
from library import urls as library_urls
from library.sitemaps import DocumentFiles
from meetings import urls as meetings_urls
from public import sitemaps as public_sitemaps
from public import urls as public_urls
from upkeep import urls as upkeep_urls


def healthz(request):
    """Liveness probe; touches nothing, so it also measures the framework's floor."""
    return HttpResponse("ok", content_type="text/plain")


# The sitemap (robots.txt names it): an index of one sitemap per section, each in every language.
SITEMAPS = {**public_sitemaps.SECTIONS, "documents": DocumentFiles}


urlpatterns = [
    path("", include(accounts_urls.machine_urlpatterns)),  # first: the staleness dashboard under admin/
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("api/v1/", include("api.urls")),
    path("", include(upkeep_urls.machine_urlpatterns)),
    path("", include(public_urls.machine_urlpatterns)),
    path("", include(exchange_urls.machine_urlpatterns)),
    path("", include(meetings_urls.machine_urlpatterns)),
    path("", include(library_urls.machine_urlpatterns)),
]

urlpatterns += i18n_patterns(
    path("", include(accounts_urls.urlpatterns)),
    path("", include(upkeep_urls.urlpatterns)),  # before public.urls: /networks/<slug>/changes/
    path("", include(public_urls.urlpatterns)),
    path("", include(exchange_urls.urlpatterns)),
    path("", include("routes.urls")),
    path("", include("liaison.urls")),
    path("", include("outreach.urls")),
    path("", include("corrections.urls")),
    path("", include(meetings_urls.urlpatterns)),
    path("", include(library_urls.urlpatterns)),
)

handler404 = "api.errors.page_not_found"
