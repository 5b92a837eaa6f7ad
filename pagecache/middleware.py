"""Cache anonymous visitors' public HTML pages, keyed by the catalogue's version.

Sits right after WhiteNoise, outside the session, CSRF and authentication middleware, so
that a hit skips them and a miss is judged on the final response (cookies, Vary).
"""

import hashlib

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_request

from .invalidation import catalogue_version

# Never cached: the secretariat's and signed-in pages. Nor looked up: the probe and the downloads,
# which are not HTML, so that they do not pay for the catalogue version query; the API has its own validators.
# Pages are looked at without their language prefix ("/fr/accounts/" is "/accounts/"); the key keeps it.
EXCLUDED_PREFIXES = ("/admin/", "/accounts/", "/healthz", "/data/", "/static/", "/api/", "/robots.txt", "/sitemap")
# What a response may vary on and still be shared: every request we serve from the cache has no session,
# and the page's language (LocaleMiddleware's choice from the path, cookie or Accept-Language) is in the key.
SHAREABLE_VARY = {"cookie", "accept-encoding", "accept-language"}
PAGE_KEY_PREFIX = "page"
# Larger pages are rendered each time: with MAX_ENTRIES this bounds a worker's cache memory.
MAX_PAGE_BYTES = 384 * 1024  # the country page of a state in 1,200 networks weighs 257 KB
_LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def _unprefixed(path):
    """The path without its language prefix, if any: "/fr/accounts/login/" -> "/accounts/login/"."""
    first, _, rest = path[1:].partition("/")
    return f"/{rest}" if first in _LANGUAGE_CODES else path


def _is_anonymous_request(request):
    """GET or HEAD of a public path from a visitor without a session or pending messages.

    Without a session cookie nobody is signed in, so this needs no database query.
    """
    return (
        request.method in ("GET", "HEAD")
        and not _unprefixed(request.path).startswith(EXCLUDED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _is_shareable(request, response):
    """A complete HTML page that sets no cookie and shows nothing specific to this visitor."""
    user = getattr(request, "user", None)
    vary = {value.strip().lower() for value in cc_delim_re.split(response.get("Vary", "")) if value.strip()}
    cache_control = response.get("Cache-Control", "").lower()
    return (
        response.status_code == 200
        and not response.streaming
        and len(response.content) <= MAX_PAGE_BYTES
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and vary <= SHAREABLE_VARY
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and not (user is not None and user.is_authenticated)
    )


def _page_key(request, version):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    language = get_language_from_request(request, check_path=True)
    return f"{PAGE_KEY_PREFIX}:{version}:{language}:{hashlib.sha256(url.encode()).hexdigest()}"


def cached_pages_purge():
    """Remove every cached page from the cache, not only make it unreachable: after an erasure the bytes must go.

    With Redis (django-redis) the page keys are deleted, in every worker's view at once. Other
    backends are cleared whole; local memory is per process, so other workers' copies stay
    unreachable (the catalogue's version moved on) until they expire, within PAGE_CACHE_SECONDS.
    """
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern(f"{PAGE_KEY_PREFIX}:*")
    else:
        cache.clear()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not _is_anonymous_request(request):
            return self.get_response(request)
        key = _page_key(request, catalogue_version())
        cached = cache.get(key)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _is_shareable(request, response):
            cache.set(key, (response.content, dict(response.items())), seconds)
            response["X-Page-Cache"] = "miss"
        return response
