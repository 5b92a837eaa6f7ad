"""The same page in each interface language: the header's language switcher and the hreflang alternates."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import translate_url
from django.utils.http import url_has_allowed_host_and_scheme

from .filters import MAX_QUERY_LENGTH, MAX_VALUES

# The parameters public pages read (filters, sort, page, day, comparison, routes): only these follow
# the visitor to the other language, never one a page ignores, so no address echoes what it was given.
PAGE_PARAMETERS = {
    "q", "topic", "region", "country", "type", "field", "status", "host", "sort", "page", "as_of",
    "networks", "requesting", "requested", "network", "kind", "language", "year", "function", "sending",
    "role", "before",
}  # fmt: skip
# Where the sign-in page sends the visitor next: followed to the other language as that page's address in it,
# and only when it is one the sign-in itself would follow (this site's), so the switcher never carries a
# link elsewhere.
NEXT = REDIRECT_FIELD_NAME


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


def safe_next(request):
    """The sign-in's `next` when the sign-in would follow it (an address on this site, of a bounded length), else ""."""
    value = request.GET.get(NEXT, "")
    if len(value) > MAX_QUERY_LENGTH or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def _with_next(query, next_url):
    """`query` with `next` added (already checked by safe_next); a query string, possibly empty."""
    return "&".join(part for part in (query, urlencode({NEXT: next_url}) if next_url else "") if part)


def page_languages(request, current, in_force=None):
    """This page in each of settings.LANGUAGES, filters kept; [] outside the language prefix (no query).

    A page off the prefix (the API's documentation, an error page) has no other-language address. The
    sign-in's `next` follows as the same page in that language (/fr/contacts/ from /en/contacts/).
    """
    if not request.path.startswith(f"/{current}/"):
        return []
    query, next_url = page_query(request, in_force), safe_next(request)
    versions = []
    for code, name in settings.LANGUAGES:
        version_query = _with_next(query, next_url and translate_url(next_url, code))
        suffix = f"?{version_query}" if version_query else ""
        versions.append(PageLanguage(code, name, _in_language(request.path, current, code) + suffix, code == current))
    return versions


def _in_language(path, current, code):
    """`path` (under /`current`/) in language `code`: translate_url, or for an address no page answers (a 404)
    the same address under the other prefix, where the visitor reads the same "not found" in their language."""
    translated = translate_url(path, code)
    if translated == path and code != current:
        return f"/{code}/{path[len(current) + 2 :]}"
    return translated


def unprefixed_url(request, current, in_force=None):
    """This page without its language prefix: it redirects each visitor to their language (hreflang x-default)."""
    query = _with_next(page_query(request, in_force), safe_next(request))
    return request.path[len(current) + 1 :] + (f"?{query}" if query else "")
