"""The same page in each interface language: the header's language switcher and the hreflang alternates."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import translate_url

from .filters import MAX_QUERY_LENGTH, MAX_VALUES

# The parameters public pages read (filters, sort, page, day, comparison, routes): only these follow
# the visitor to the other language, never one a page ignores, so no address echoes what it was given.
PAGE_PARAMETERS = {
    "q", "topic", "region", "country", "type", "field", "status", "host", "sort", "page", "as_of",
    "networks", "requesting", "requested", "network", "kind", "language", "year", "function", "sending",
    "role", "before",
}  # fmt: skip


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str  # in its own language ("Français", settings.LANGUAGES), as a switcher shows it
    url: str  # this page with its filters, in that language
    current: bool


def page_query(request, in_force=None):
    """The query string of the parameters this page reads, each within the bounds the filters accept.

    `in_force`: the filters the page applied, as its view wrote them for its own links (the network
    list's `querystring`, which leaves out refused values); the page number is added to it.
    """
    if in_force is not None:
        page = request.GET.get("page", "")
        return "&".join(part for part in (in_force, f"page={page}" if page.isdigit() and len(page) < 7 else "") if part)
    kept = [
        (name, value)
        for name in PAGE_PARAMETERS & request.GET.keys()
        if len(values := request.GET.getlist(name)) <= MAX_VALUES
        for value in values
        if len(value) <= MAX_QUERY_LENGTH
    ]
    return urlencode(sorted(kept, key=lambda pair: pair[0]))


def page_languages(request, current, in_force=None):
    """This page in each of settings.LANGUAGES, filters kept; [] outside the language prefix (no query).

    A page off the prefix (the API's documentation, an error page) has no other-language address.
    """
    if not request.path.startswith(f"/{current}/"):
        return []
    query = page_query(request, in_force)
    suffix = f"?{query}" if query else ""
    return [
        PageLanguage(code, name, translate_url(request.path, code) + suffix, code == current)
        for code, name in settings.LANGUAGES
    ]


def unprefixed_url(request, current, in_force=None):
    """This page without its language prefix: it redirects each visitor to their language (hreflang x-default)."""
    query = page_query(request, in_force)
    return request.path[len(current) + 1 :] + (f"?{query}" if query else "")
