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
    path("", include("public.urls")),
    path("", include("exchange.urls")),
    path("", include("outreach.urls")),
    path("", include("corrections.urls")),
]
