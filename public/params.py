"""Whole numbers read from a public query string: ASCII digits and a range, checked before int() sees them.

`int()` accepts other scripts' digits ("٣" is 3), signs, spaces and underscores ("1_000"), and raises
on a few thousand digits; a number from an address is only ever `[0-9]+`, within its range.
"""

import re

from django.utils.translation import gettext as _

MAX_PAGE = 100_000  # far past the last page of any list the registry shows
_DIGITS = re.compile(r"[0-9]{1,18}")  # more digits than any range here allows is simply out of range


def whole_number(text, *, minimum=None, maximum=None):
    """The int written in `text` (ASCII digits only), or ValueError saying in plain words why it is not one."""
    value = "" if text is None else str(text)
    if not value.isascii() or not value.isdigit():
        raise ValueError(_("a number is written with the digits 0–9 only"))
    if not _DIGITS.fullmatch(value) or (maximum is not None and int(value) > maximum):
        raise ValueError(_("at most %(maximum)s") % {"maximum": maximum} if maximum is not None else _("too large"))
    number = int(value)
    if minimum is not None and number < minimum:
        raise ValueError(_("at least %(minimum)s") % {"minimum": minimum})
    return number
