from django.urls import path

from public.as_of import dated

from . import views

# The answer as of `?as_of=YYYY-MM-DD` (public/as_of.py): memberships and posts held that day.
urlpatterns = [
    path("routes/", dated(views.route_finder), name="route-finder"),
]
