from django.urls import path

from . import views

urlpatterns = [
    path("routes/", views.route_finder, name="route-finder"),
]
