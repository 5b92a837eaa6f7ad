from django.urls import path

from public.as_of import dated

from . import views

urlpatterns = [
    path("liaison-magistrates/", dated(views.liaison_list), name="liaison-list"),
    path("liaison-magistrates/matrix/", dated(views.liaison_matrix), name="liaison-matrix"),
]
