"""`?as_of=YYYY-MM-DD`: reading the public pages and downloads as the catalogue stood on a past (or future) day.

`read_as_of(query)` parses the parameter (for any caller: pages, downloads, the API) and never
raises; `dated` wraps a view so that the whole request reads the catalogue as of that day
(`networks.dating.reading_as_of`) and `request.as_of` tells templates what to say. A refused value
leaves the page as of today with a message saying why.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from networks.dating import reading_as_of
from networks.models import FIRST_YEAR, LAST_YEAR

PARAMETER = "as_of"
EARLIEST, LATEST = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SHOWN_LENGTH = 20  # of a refused value, in its message


@dataclass(frozen=True)
class AsOf:
    """What `?as_of=` asked for: `day` (None for today) or, when refused, `error` (a sentence)."""

    day: datetime.date | None = None
    error: str = ""

    def __bool__(self):
        return self.day is not None or bool(self.error)


def read_as_of(query):
    """AsOf from a QueryDict (request.GET): the day asked for, none, or a message saying why it was refused."""
    values = [value for value in query.getlist(PARAMETER) if value != ""]
    if not values:
        return AsOf()
    if len(set(values)) > 1:
        message = _("The address gives %(count)s dates (parameter “as_of”); give one.")
        return AsOf(error=message % {"count": len(values)})
    value = values[0]
    shown = value if len(value) <= SHOWN_LENGTH else value[:SHOWN_LENGTH] + "…"
    shown = "".join(character if character.isprintable() else "\ufffd" for character in shown)
    day = None
    if value.isascii() and _ISO_DAY.fullmatch(value):
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
    if day is None:
        reason = _("a date is written YYYY-MM-DD, e.g. 2017-06-01")
    elif not EARLIEST <= day <= LATEST:
        reason = _("the catalogue can be read as of %(first)s to %(last)s") % {"first": FIRST_YEAR, "last": LAST_YEAR}
    else:
        return AsOf(day=day)
    return AsOf(error=_("“%(value)s” is not a date the catalogue can be read as of (%(reason)s).") % {
        "value": shown, "reason": reason
    })  # fmt: skip


def dated(view):
    """The view answers as of `?as_of=` (request.as_of); every "current" in it means that day."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.as_of = read_as_of(request.GET)
        with reading_as_of(request.as_of.day):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # a TemplateResponse renders later, outside the block, unless made to now
        if response.streaming:  # read as the server sends it, after this function has returned
            response.streaming_content = _reading_as_of(request.as_of.day, response.streaming_content)
        return response

    return wrapper


def _reading_as_of(day, chunks):
    """The chunks, each produced within reading_as_of(day) (and the day forgotten between them)."""
    chunks = iter(chunks)
    while True:
        with reading_as_of(day):
            chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk
