from django.urls import path

from . import official, overview, places, views

urlpatterns = [
    path("", views.home, name="home"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("topics/", views.topic_list, name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("compare/", views.compare_view, name="compare"),
    path("overlap/", overview.overlap, name="overlap"),
    path("graph/", overview.relations_graph, name="relations-graph"),
    path("countries/", places.jurisdiction_list, name="country-list"),
    path("countries/<str:code>/", places.jurisdiction_detail, name="country-detail"),
    path("regions/", places.region_list, name="region-list"),
    path("regions/<slug:slug>/", places.region_detail, name="region-detail"),
    path("favicon.ico", official.favicon, name="favicon"),
    path("maps/world.svg", official.world_map, name="world-map"),
    # The official pages, edited by the secretariat (sitepages.SitePage); the URL name is the page's slug.
    *(path(f"{slug}/", official.site_page, {"slug": slug}, name=slug) for slug in official.SitePage.Slug.values),
]
