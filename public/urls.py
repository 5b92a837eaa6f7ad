from django.urls import path

from . import official, overview, places, views
from .as_of import dated

# Every page of the catalogue answers as of `?as_of=YYYY-MM-DD` (public/as_of.py).
urlpatterns = [
    path("", dated(views.home), name="home"),
    path("networks/", dated(views.NetworkListView.as_view()), name="network-list"),
    path("networks/<slug:slug>/", dated(views.NetworkDetailView.as_view()), name="network-detail"),
    path("topics/", dated(views.topic_list), name="topic-list"),
    path("topics/<slug:slug>/", dated(views.TopicDetailView.as_view()), name="topic-detail"),
    path("compare/", dated(views.compare_view), name="compare"),
    path("overlap/", dated(overview.overlap), name="overlap"),
    path("graph/", dated(overview.relations_graph), name="relations-graph"),
    path("countries/", dated(places.jurisdiction_list), name="country-list"),
    path("countries/<str:code>/", dated(places.jurisdiction_detail), name="country-detail"),
    path("regions/", dated(places.region_list), name="region-list"),
    path("regions/<slug:slug>/", dated(places.region_detail), name="region-detail"),
    # The official pages, edited by the secretariat (sitepages.SitePage); the URL name is the page's slug.
    *(path(f"{slug}/", official.site_page, {"slug": slug}, name=slug) for slug in official.SitePage.Slug.values),
]

# Not pages: one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("robots.txt", official.robots_txt, name="robots"),
    path("favicon.ico", official.favicon, name="favicon"),
    path("maps/world.svg", official.world_map, name="world-map"),
]
