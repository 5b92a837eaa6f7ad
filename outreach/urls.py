from django.urls import path

from . import views

urlpatterns = [
    path("invitations/<str:token>/", views.accept_invitation, name="invitation-accept"),
    path("confirm/<str:token>/", views.confirm_entry, name="entry-confirm"),
]
