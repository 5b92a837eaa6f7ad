"""Context of every public page rendered for a request."""

from .pages import LinkBuilder


def links(request):
    """`links`: page addresses for this request (its language, script prefix and as-of day read once)."""
    return {"links": LinkBuilder()}
