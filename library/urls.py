from django.urls import path

from . import views

urlpatterns = [
    path("documents/", views.document_list, name="document-list"),
]

# A document's file keeps one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("documents/<slug:slug>/file", views.document_file, name="document-file"),
]
