"""Markdown of the official pages to safe HTML: Python-Markdown, then nh3 keeps only the tags below.

The secretariat writes the texts in the admin; whatever HTML they type (or paste) is removed by
the sanitiser, and links may only use http, https and mailto.
"""

import functools

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "code", "blockquote", "hr", "br",
    "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "abbr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}
URL_SCHEMES = {"http", "https", "mailto"}


@functools.lru_cache(maxsize=32)
def page_html(body, owner):
    """The page's text as sanitised HTML (Markup), with {owner} replaced by the host organisation's name.

    Kept per text and owner: rendering a page takes a few milliseconds and texts change rarely.
    """
    html = markdown.markdown(body.replace("{owner}", owner), extensions=["tables", "def_list", "sane_lists"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
    )
    return Markup(clean)  # noqa: S704 (sanitised by nh3 just above)
