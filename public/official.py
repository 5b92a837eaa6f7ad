"""Site-wide pages: the official ones (About, Contact, Privacy, Accessibility, Terms), error pages, icons, map base."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control

from countries.geometry import world
from registry.owner import registry_owner
from sitepages.models import SitePage
from sitepages.rendering import page_html


def site_page(request, slug):
    """One official page, its text edited by the secretariat in the admin (one query).

    The texts are in English (SitePage.TEXT_LANGUAGE), the host's name in them too. A page in another language
    is named in that language, as the footer names it ("À propos"), and says that its text is in English.
    """
    page = get_object_or_404(SitePage, slug=slug)
    in_text_language = translation.get_language() == SitePage.TEXT_LANGUAGE
    with translation.override(SitePage.TEXT_LANGUAGE):
        owner = registry_owner()
    context = {
        "page": page,
        "heading": page.title if in_text_language else page.get_slug_display(),
        "in_text_language": in_text_language,
        "text_language": SitePage.TEXT_LANGUAGE,
        "body": page_html(page.body, owner),
        "contact_email": settings.REGISTRY_CONTACT_EMAIL if slug == SitePage.Slug.CONTACT else "",
    }
    return render(request, "pages/site_page.html", context)


# Kept out of crawlers' way, in every language: sign-in and account pages ("password" holds the reset pages
# too), the practitioners' contact search and the pages of e-mailed links; by URL name and its parameters.
CRAWLERS_KEPT_OUT = {
    "login": (),
    "logout": (),
    "password_change": (),
    "contact-search": (),
    "invitation-accept": ("token",),
    "entry-confirm": ("token",),
}
PLACEHOLDER = "--placeholder--"


def _path_start(name, parameters):
    """The address of a page, or the part before its first parameter (what every page of that URL starts with)."""
    return reverse(name, kwargs=dict.fromkeys(parameters, PLACEHOLDER)).partition(PLACEHOLDER)[0]


@cache_control(public=True, max_age=24 * 60 * 60)
def robots_txt(request):
    """/robots.txt (RFC 9309): the public site open, the admin and the pages above closed, where the sitemap is."""
    kept_out = [reverse("admin:index")]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            kept_out += [_path_start(name, parameters) for name, parameters in CRAWLERS_KEPT_OUT.items()]
    context = {"kept_out": kept_out, "sitemap": request.build_absolute_uri(reverse("sitemap"))}
    return render(request, "robots.txt", context, content_type="text/plain; charset=utf-8")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without a valid token, explained in the site's own page (403)."""
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def favicon(request):
    """/favicon.ico, which some browsers and feed readers ask for whatever the page says: the static file."""
    return redirect(static("favicon.ico"))


@cache_control(public=True, max_age=24 * 60 * 60)
def world_map(request):
    """The maps' base layer: every country's outline in grey, an SVG image the pages draw over (no query).

    One file for every map, cached by the browser, so that a network page carries only its members' outlines.
    """
    geometry = world()
    context = {
        "viewbox": geometry.viewbox_text,
        "box": geometry.viewbox,
        "width": geometry.viewbox[2],
        "height": geometry.viewbox[3],
        "shapes": list(geometry.shapes.values()),
        "source": geometry.source,
    }
    return render(request, "maps/world.svg", context, content_type="image/svg+xml")
