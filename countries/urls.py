from django.urls import path

from . import views

urlpatterns = [
    path("countries/", views.jurisdiction_list, name="country-list"),
    path("countries/<str:code>/", views.jurisdiction_detail, name="country-detail"),
    path("regions/<slug:slug>/", views.region_detail, name="region-detail"),
]
