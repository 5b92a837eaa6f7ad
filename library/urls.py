from django.urls import path

from . import views

urlpatterns = [
    path("documents/", views.document_list, name="document-list"),
    path("documents/<slug:slug>/file", views.document_file, name="document-file"),
]
