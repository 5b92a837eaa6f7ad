from django.urls import path

from . import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting-list"),
]

# Calendars keep one address whatever the language (registry/urls.py).
machine_urlpatterns = [
    path("meetings.ics", views.meetings_ics, name="meetings-ics"),
    path("networks/<slug:slug>/meetings.ics", views.meetings_ics, name="network-meetings-ics"),
]
