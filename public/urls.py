import functools
import re

from django.http import HttpResponsePermanentRedirect
from django.urls import path

from registry.identifiers import registry_id

from . import official, overview, places, views
from .as_of import dated

SLUG = re.compile(r"[A-Za-z0-9_-]{1,120}")  # what a slug or code may be; anything else is the view's 404


def lower_case(view):
    """One address per page: a slug or code written in another case (/networks/EJN/, /countries/GH/) moves (301)
    to the lower-case address, keeping the query; a registry identifier (in any case) is the view's, which moves it."""

    @functools.wraps(view)
    def wrapper(request, **kwargs):
        key = kwargs.get("slug") or kwargs.get("code") or ""
        if key == key.lower() or not SLUG.fullmatch(key) or registry_id(key) or not request.path.endswith(f"/{key}/"):
            return view(request, **kwargs)
        query = request.META.get("QUERY_STRING", "")
        address = request.path[: -len(key) - 1] + key.lower() + "/"
        return HttpResponsePermanentRedirect(address + (f"?{query}" if query else ""))

    return wrapper


# Every page of the catalogue answers as of `?as_of=YYYY-MM-DD` (public/as_of.py).
urlpatterns = [
    path("", dated(views.home), name="home"),
    path("networks/", dated(views.NetworkListView.as_view()), name="network-list"),
    path("networks/<slug:slug>/", lower_case(dated(views.NetworkDetailView.as_view())), name="network-detail"),
    path("topics/", dated(views.topic_list), name="topic-list"),
    path("topics/<slug:slug>/", lower_case(dated(views.TopicDetailView.as_view())), name="topic-detail"),
    path("compare/", dated(views.compare_view), name="compare"),
    path("overlap/", dated(overview.overlap), name="overlap"),
    path("graph/", dated(overview.relations_graph), name="relations-graph"),
    path("countries/", dated(places.jurisdiction_list), name="country-list"),
    path("countries/<str:code>/", lower_case(dated(places.jurisdiction_detail)), name="country-detail"),
    path("regions/", dated(places.region_list), name="region-list"),
    path("regions/<slug:slug>/", lower_case(dated(places.region_detail)), name="region-detail"),
    # The official pages, edited by the secretariat (sitepages.SitePage); the URL name is the page's slug.
    *(path(f"{slug}/", official.site_page, {"slug": slug}, name=slug) for slug in official.SitePage.Slug.values),
]

# Not pages: one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("robots.txt", official.robots_txt, name="robots"),
    path("favicon.ico", official.favicon, name="favicon"),
    path("maps/world.svg", official.world_map, name="world-map"),
]
