from django.urls import path

from . import views

urlpatterns = [
    path("networks/<slug:slug>/suggest/", views.suggest, name="correction-suggest"),
]
