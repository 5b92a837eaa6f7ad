from django.urls import path

from . import timeline_views

urlpatterns = [
    path("changes/", timeline_views.public_timeline, name="changes"),
    path("changes/feed/", timeline_views.CatalogueChangesFeed(), name="changes-feed"),
    path("networks/<slug:slug>/changes/", timeline_views.public_network_timeline, name="network-changes"),
    path("networks/<slug:slug>/changes/feed/", timeline_views.NetworkChangesFeed(), name="network-changes-feed"),
]
