"""Dates, punctuation and counts as the active language writes them: "since 2009" but "depuis le 1 juin 2009",
"25–26 septembre 2024", "Scope: Europe" but "Portée : Europe", "3 observers" but "3 observateurs".

French changes the preposition with the precision of a date ("depuis le 1 juin 2009", "depuis juin 2009",
"depuis 2009"), so each precision has its own message; the dates themselves come from Django's formats.
"""

import functools

from django.utils import formats
from django.utils.translation import get_language, ngettext_lazy, pgettext
from django.utils.translation import gettext as _

from networks.dating import Precision, shown
from networks.models import Membership

Role = Membership.Role
# How many take part in a role, in that role's terms; PARTICIPANTS where the roles are several (or "other").
ROLE_COUNTS = {
    Role.MEMBER: ngettext_lazy("%(num)s member", "%(num)s members", "count"),
    Role.OBSERVER: ngettext_lazy("%(num)s observer", "%(num)s observers", "count"),
    Role.ASSOCIATE_PARTNER: ngettext_lazy("%(num)s associate partner", "%(num)s associate partners", "count"),
    Role.OPERATIONAL_PARTNER: ngettext_lazy("%(num)s operational partner", "%(num)s operational partners", "count"),
    Role.PARTNER: ngettext_lazy("%(num)s partner", "%(num)s partners", "count"),
    Role.CONTACT_POINT: ngettext_lazy("%(num)s contact point", "%(num)s contact points", "count"),
    Role.COOPERATION_AGREEMENT: ngettext_lazy(
        "%(num)s with a cooperation agreement", "%(num)s with a cooperation agreement", "count"
    ),
    Role.LIAISON_PROSECUTOR: ngettext_lazy(
        "%(num)s with a liaison prosecutor", "%(num)s with a liaison prosecutor", "count"
    ),
}
PARTICIPANTS = ngettext_lazy("%(num)s participant", "%(num)s participants", "count")


def colon():
    """What goes between a label and its value: ": " in English, " : " in French (a no-break space before)."""
    return pgettext("punctuation between a label and its value", ": ")


def role_count(count, role=""):
    """ "3 observers": `count` in the terms of `role` (a Membership.Role); "3 participants" for "" (several roles)."""
    number = formats.number_format(count, force_grouping=True)
    return ROLE_COUNTS.get(role, PARTICIPANTS) % {"count": count, "num": number}


def since(day, precision=Precision.DAY):
    """ "since 1 June 2009" (or "since June 2009", "since 2009") in the active language; "" without a date."""
    if day is None:
        return ""
    return _since(day, precision, get_language())


def until(day, precision=Precision.DAY):
    """ "until 31 December 2020" (or "until December 2020", "until 2020") in the active language."""
    if day is None:
        return ""
    return _until(day, precision, get_language())


# Kept per date, precision and language (the active one, passed for the key): a country page words a few
# hundred dates, most of them alike, and each wording costs a translation look-up and a formatting.
@functools.lru_cache(maxsize=8192)
def _since(day, precision, language):
    text = shown(day, precision)
    if precision == Precision.YEAR:
        return _("since %(year)s") % {"year": text}
    if precision == Precision.MONTH:
        return _("since %(month)s") % {"month": text}
    return _("since %(date)s") % {"date": text}


@functools.lru_cache(maxsize=8192)
def _until(day, precision, language):
    text = shown(day, precision)
    if precision == Precision.YEAR:
        return _("until %(year)s") % {"year": text}
    if precision == Precision.MONTH:
        return _("until %(month)s") % {"month": text}
    return _("until %(date)s") % {"date": text}


def day_range(start, end):
    """(start text, end text) of a span of days, the shared month and year said once: ("25", "26 September 2024").

    A span within one month reads "25–26 September 2024", within one year "30 September – 2 October 2024".
    """
    full = formats.date_format(end, "j F Y")
    if start == end:
        return "", full
    if (start.year, start.month) == (end.year, end.month):
        return formats.date_format(start, "j"), full
    if start.year == end.year:
        return formats.date_format(start, "j F"), full
    return formats.date_format(start, "j F Y"), full
