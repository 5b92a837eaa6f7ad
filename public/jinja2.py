"""The Jinja2 environment of the public site: Django's URLs, static files, translations and formats.

Every public template (templates/jinja2/) sees `url()`, `static()`, `_()`/`ngettext()` (Django's own
translation catalogues, through `jinja2.ext.i18n`), `request`, `csrf_input`, `user`, `messages`,
`CSP_NONCE` and `links` (page addresses of networks, countries and topics without a reverse() per
row; made per request by `public.context_processors.links`). Autoescaping is on: values are escaped
unless they are Django safe strings (forms, `linebreaks`).
"""

import json
from itertools import groupby

from django.core.serializers.json import DjangoJSONEncoder
from django.template.defaultfilters import filesizeformat, linebreaks_filter
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.text import Truncator
from jinja2 import Environment, Undefined

from networks.dating import past_day
from networks.dating import shown as dated
from registry.identifiers import external_ids
from registry.languages import language_names_shown
from registry.owner import registry_owner
from registry.translated import ShownText, text_shown

from .languages import page_languages, unprefixed_url
from .pages import LinkBuilder
from .wording import colon, day_range, role_count, since, until


def url(name, *args, **kwargs):
    """reverse() with positional or keyword arguments: `url('network-detail', network.slug)`."""
    return reverse(name, args=args or None, kwargs=kwargs or None)


def date(value, format_name="DATE_FORMAT"):
    """A date in the active language's format ("12 March 2026"); `date(d, "Y")` for a raw format."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, format_name)


def number(value):
    """A whole number with the active language's grouping ("1,234"; in French "1 234")."""
    if value is None:
        return ""
    return formats.number_format(value, force_grouping=True)


def querystring(request, **changes):
    """The current query string with `changes` applied, as "?a=1&b=2" (Django's {% querystring %})."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return f"?{query.urlencode()}" if query else "?"


def today_url(request):
    """This page's address without `?as_of=`: the same page as of today."""
    rest = querystring(request, as_of=None)
    return request.path + (rest if rest != "?" else "")


def truncate_chars(value, length):
    """At most `length` characters, ending with "…" when cut (Django's truncatechars); a text keeps its language."""
    cut = Truncator(value or "").chars(length)
    return ShownText(cut, value.lang) if isinstance(value, ShownText) else cut


def regroup(items, attribute):
    """[(key, [items])] for runs of consecutive items sharing `attribute` (a dotted path; keys or attributes).

    Django's {% regroup %}: unlike Jinja's `groupby` it keeps the items' order instead of sorting by the key.
    """

    def key(item):
        for part in attribute.split("."):
            if item is None:
                return None
            item = item[part] if isinstance(item, dict) else getattr(item, part)
        return item

    return [(grouper, list(group)) for grouper, group in groupby(items, key)]


def json_ld(value):
    """Data as JSON for a <script> data block: <, > and & escaped as Django's json_script does, so the
    text cannot end the block; the template marks it safe there (macros/machine.html)."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # As str.translate(_json_script_escapes), in three passes in C: translate() took 1-2 ms on 74 KB.
    return text.replace(">", "\\u003E").replace("<", "\\u003C").replace("&", "\\u0026")


def in_another_language(value):
    """The templates' `foreign` test: a catalogue text in another language than the page's, which its element
    must declare (`{% if name is foreign %} lang="{{ name.lang }}"{% endif %}`; macros/text.html)."""
    language = getattr(value, "lang", None)  # a ShownText's; plain texts are in the page's language
    return language is not None and bool(value) and language != translation.get_language()


def lazystr_owner():
    """registry_owner(), read when a page is rendered (in its language; a changed setting shows at once)."""
    return lazy(registry_owner, str)()


def environment(**options):
    # The same lenient undefined in development and production (Django's backend would pick
    # DebugUndefined with DEBUG, printing "{{ name }}" into pages that look fine in production).
    options["undefined"] = Undefined
    env = Environment(extensions=["jinja2.ext.i18n", "jinja2.ext.do"], **options)
    env.install_gettext_translations(translation, newstyle=True)
    env.globals.update(
        url=url,
        static=static,
        querystring=querystring,
        site_owner=lazystr_owner(),
        current_language=translation.get_language,
        page_languages=page_languages,
        unprefixed_url=unprefixed_url,
        links=LinkBuilder(for_process=True),
        as_of_day=past_day,  # the day a page is read as of (?as_of=), None for today
        today_url=today_url,
        day_range=day_range,
        colon=colon,  # ": " between a label and its value, " : " in French (public/wording.py)
        role_count=role_count,  # "3 observers", "3 participants" where roles are several (public/wording.py)
        external_ids=external_ids,
    )
    env.tests["foreign"] = in_another_language
    env.filters.update(
        date=date,
        dated=dated,  # a date as its source gives it: "2009", "June 2009" or "1 June 2009"
        since=since,  # "since 2009", "since 1 June 2009": the wording follows the precision (public/wording.py)
        until=until,
        number=number,
        regroup=regroup,
        language_names=language_names_shown,  # "Spanish, Portuguese" as typed, in the page's language
        json_ld=json_ld,
        # network|content("description"): the text, saying its language where not the page's (registry.translated)
        content=text_shown,
        filesizeformat=filesizeformat,
        truncatechars=truncate_chars,
        # Django's own filter: escapes the text, then marks its <p> and <br> safe (a plain linebreaks()
        # returns an unmarked str, which autoescaping would print as "&lt;p&gt;").
        linebreaks=lambda value: linebreaks_filter(value or "", autoescape=True),
    )
    return env
