from django.urls import path

from . import views

urlpatterns = [
    path("data/", views.data_index, name="data"),
    path("data/<str:name>", views.data_file, name="data-file"),
]
