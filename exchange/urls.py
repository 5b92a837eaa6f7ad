from django.urls import path

from . import views

urlpatterns = [
    path("data/", views.data_index, name="data"),
    path("data/releases/<str:name>/", views.release_detail, name="release-detail"),
    path("data/releases/<str:name>/changes/", views.release_changes, name="release-changes"),
]

# The files themselves keep one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("data/releases/<str:name>/<str:file_name>", views.release_download, name="release-file"),
    path("data/<str:name>", views.data_file, name="data-file"),
]
