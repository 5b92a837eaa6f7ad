"""The official pages (About, Contact, Privacy, Accessibility, Terms) and the styled error pages."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static

from sitepages.models import SitePage
from sitepages.rendering import page_html


def site_page(request, slug):
    """One official page, its text edited by the secretariat in the admin (one query)."""
    page = get_object_or_404(SitePage, slug=slug)
    context = {
        "page": page,
        "body": page_html(page.body, settings.REGISTRY_OWNER),
        "contact_email": settings.REGISTRY_CONTACT_EMAIL if slug == SitePage.Slug.CONTACT else "",
    }
    return render(request, "pages/site_page.html", context)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token, explained in the site's own page (403)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def favicon(request):
    """/favicon.ico, which some browsers and feed readers ask for whatever the page says: the static file."""
    return redirect(static("favicon.ico"))
