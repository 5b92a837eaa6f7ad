from django.urls import path

from . import views

urlpatterns = [
    path("liaison-magistrates/", views.liaison_list, name="liaison-list"),
    path("liaison-magistrates/matrix/", views.liaison_matrix, name="liaison-matrix"),
]
