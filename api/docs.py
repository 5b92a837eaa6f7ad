"""The API's documentation page: Swagger UI from drf-spectacular-sidecar's static files, started by our own script."""

from django.shortcuts import render


def api_docs(request):
    """No inline script or style and no CDN: the page works under the site's Content-Security-Policy."""
    return render(request, "api/docs.html")
