"""Helpers of the language tests: the English messages of the public site and the visible text of a page."""

import re
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg

BASE = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
    "gettext_noop": None,
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")
TAG = re.compile(r"<[^>]+>")
CODE = re.compile(r"<code>.*?</code>")  # file names, parameters: the same in every language


def public_msgids():
    """Every message of templates/jinja2/ and public/*.py, as `make messages` extracts them (babel.cfg)."""
    with open(BASE / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        BASE, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        found.update(message if isinstance(message, tuple) else [message])
    return {message for message in found if message}


# Placeholders that always hold a number or a year; any other may hold a name from the catalogue.
NUMERIC = {
    "num", "count", "total", "shown", "number", "min", "max", "limit", "given", "here", "all", "hosts",
    "senders", "posts", "added", "changed", "ended", "removed", "networks", "memberships", "pct", "low",
    "high", "minimum", "maximum", "year", "first", "last",
}  # fmt: skip


def message_patterns(messages):
    """{message: [compiled patterns]}: each run of text between tags, placeholders matching what they hold.

    A page splits a message with markup ("<strong>%(num)s</strong> active") into text nodes; each
    run that carries words of its own must not be seen. A run whose only words around a name are
    one short word ("%(a)s and %(b)s") would match the catalogue's own names, and is left out.
    """
    patterns = {}
    for message in messages:
        runs = []
        for run in TAG.split(CODE.sub("", message.replace("%%", "%"))):
            run = " ".join(run.split())
            words = re.findall(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", run))
            names = [name for name in re.findall(r"%\(([a-z_]+)\)s", run) if name not in NUMERIC]
            # One word alone between tags ("website" in a link) is too common in the catalogue's own texts.
            if not words or (names and len(words) < 2) or (len(words) < 2 and run != message):
                continue
            pattern, last = "", 0
            for match in PLACEHOLDER.finditer(run):
                held = r"[0-9][0-9 ,.\u00a0\u202f]*" if match.group()[2:-2] in NUMERIC else ".+?"
                pattern += re.escape(run[last : match.start()]) + held
                last = match.end()
            runs.append(re.compile(pattern + re.escape(run[last:])))
        if runs:
            patterns[message] = runs
    return patterns


class _VisibleText(HTMLParser):
    """Text nodes and announced attributes, outside scripts, styles and elements marked as data.

    Data is what the catalogue says, in whatever language its source used: elements with
    translate="no", or with a lang other than the page's, and the labels drawn in a graph (the
    names of networks and bodies; each graph says what it shows in its aria-label and caption).
    """

    ANNOUNCED = ("aria-label", "title", "alt", "placeholder")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language, self.stack, self.texts = language, [], []

    def _is_data(self, tag, attrs):
        lang = attrs.get("lang")
        return tag in ("script", "style", "text") or attrs.get("translate") == "no" or (lang and lang != self.language)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (self.stack and self.stack[-1]) or (tag != "html" and self._is_data(tag, attrs))
        if not hidden:
            self.texts.extend(" ".join(attrs[name].split()) for name in self.ANNOUNCED if attrs.get(name))
        if tag not in self.VOID:
            self.stack.append(bool(hidden))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not (self.stack and self.stack[-1]):
            self.texts.append(text)


def visible_texts(html, language):
    parser = _VisibleText(language)
    parser.feed(html)
    return parser.texts
