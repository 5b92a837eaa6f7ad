"""Query parameters as the API reads them: known names only, no control characters, bounded lengths.

Every refusal is a 400 whose body names the parameter (`{"page": ["..."]}`), never a 500.
"""

import datetime
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from public.filters import MULTI_VALUED, given_more_than_once

from .errors import parameter_error

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_LENGTH = 200  # longer than any slug, code or search the catalogue holds
LIST_PARAMETERS = {"page", "page_size", "modified_since"}


def parameters_check(request, allowed):
    """Refuse unknown parameters, a parameter given twice that takes one value (django-filter would read the
    last and drop the others without a word), control characters and over-long values (no query)."""
    for name, values in request.query_params.lists():
        shown = name if len(name) <= 40 else name[:40] + "…"
        if name not in allowed:
            known = ", ".join(sorted(allowed)) or _("none")
            raise parameter_error(shown, _("unknown parameter; this address takes: %(known)s.") % {"known": known})
        if len(values) > 1 and name not in MULTI_VALUED:
            raise parameter_error(name, given_more_than_once(len(values)))
        for value in values:
            if CONTROL.search(value) or CONTROL.search(name):
                raise parameter_error(name, _("contains a control character."))
            if len(value) > MAX_LENGTH:
                raise parameter_error(name, _("longer than %(limit)s characters.") % {"limit": MAX_LENGTH})


def modified_since(request):
    """The aware datetime of ?modified_since= (ISO 8601 date or date and time; UTC if no offset), or None."""
    text = request.query_params.get("modified_since")
    if text is None:
        return None
    try:
        moment = parse_datetime(text)
        if moment is None and (day := parse_date(text)) is not None:
            moment = datetime.datetime.combine(day, datetime.time.min)
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        raise parameter_error("modified_since", _("not an ISO 8601 date or date and time, e.g. 2026-01-31T12:00:00Z."))
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    try:  # the database compares in UTC: 9999-12-31T23:59-14:00 or 0001-01-01T00:00+14:00 fall outside the calendar
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise parameter_error("modified_since", _("outside the years 1 to 9999 once converted to UTC.")) from None
