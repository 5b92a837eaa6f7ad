from django.urls import path

from . import views

urlpatterns = [
    path("countries/<str:code>/", views.JurisdictionDetailView.as_view(), name="country-detail"),
    path("regions/<slug:slug>/", views.RegionDetailView.as_view(), name="region-detail"),
]
