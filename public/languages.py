"""The same page in each interface language: the header's language switcher and the hreflang alternates."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url


@dataclass(frozen=True)
class PageLanguage:
    code: str
    name: str  # in its own language ("Français", settings.LANGUAGES), as a switcher shows it
    url: str  # this page with its query string, in that language
    current: bool


def page_languages(request, current):
    """This page in each of settings.LANGUAGES, query string kept; [] outside the language prefix (no query).

    A page off the prefix (the API's documentation, an error page) has no other-language address.
    """
    path = request.get_full_path()
    if not path.startswith(f"/{current}/"):
        return []
    return [PageLanguage(code, name, translate_url(path, code), code == current) for code, name in settings.LANGUAGES]


def unprefixed_url(request, current):
    """This page without its language prefix: it redirects each visitor to their language (hreflang x-default)."""
    return request.get_full_path()[len(current) + 1 :]
