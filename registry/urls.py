from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def healthz(request):
    """Liveness probe; touches nothing, so it also measures the framework's floor."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("accounts.urls")),  # first: it mounts the staleness dashboard under admin/
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("upkeep.urls")),  # before public.urls: /networks/<slug>/changes/
    path("", include("public.urls")),
    path("", include("exchange.urls")),
    path("", include("meetings.urls")),
    path("", include("library.urls")),
    path("api/v1/", include("api.urls")),
]

handler404 = "api.errors.page_not_found"
