from django.urls import path

from . import timeline_views

urlpatterns = [
    path("changes/", timeline_views.public_timeline, name="changes"),
    path("networks/<slug:slug>/changes/", timeline_views.public_network_timeline, name="network-changes"),
]

# Feeds keep one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("changes/feed/", timeline_views.CatalogueChangesFeed(), name="changes-feed"),
    path("networks/<slug:slug>/changes/feed/", timeline_views.NetworkChangesFeed(), name="network-changes-feed"),
]
