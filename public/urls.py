from django.urls import path

from . import places, views

urlpatterns = [
    path("", views.home, name="home"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path("compare/", views.compare_view, name="compare"),
    path("countries/", places.jurisdiction_list, name="country-list"),
    path("countries/<str:code>/", places.jurisdiction_detail, name="country-detail"),
    path("regions/<slug:slug>/", places.region_detail, name="region-detail"),
]
