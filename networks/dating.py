"""The day the catalogue is read as of, and dates known only to their year or month.

Memberships and relations start and end on dates. Every "current" question (who is a member,
which networks a country belongs to, the facet counts, the memoised aggregates) is asked of
`reference_day()`: today, unless a public page or download was asked for another day
(`?as_of=`, see `public.as_of`), in which case the whole request reads the catalogue as of that
day through `reading_as_of(day)`, as `django.utils.translation.override` does for languages. The
queryset methods `Membership.objects.as_of(day)` and `Relation.objects.as_of(day)` take the day
explicitly, for callers (the API) that carry it themselves.

Sources often date a fact only to its year ("since 2009") or month. Such a date is stored as the
first day of that year or month beside its precision, compared as that day, and shown and
exported as written: "2009", "2009-06" (`written`), "since 2009" on pages (`shown`).
"""

import contextvars
import datetime
import functools
import re
from contextlib import contextmanager
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

_as_of = contextvars.ContextVar("catalogue_as_of", default=None)


def reference_day():
    """The day "current" means: the day being read as of (`reading_as_of`), else today."""
    return _as_of.get() or timezone.localdate()


def past_day():
    """The day being read as of, or None when the catalogue is read as it is today."""
    return _as_of.get()


@contextmanager
def reading_as_of(day):
    """Within the block, "current" means `day` (None: today) for this request or thread only."""
    token = _as_of.set(None if day == timezone.localdate() else day)
    try:
        yield
    finally:
        _as_of.reset(token)


class Precision(models.TextChoices):
    """How much of a date its source gives; blank (the default) is the exact day."""

    DAY = "", gettext_lazy("Exact day")
    MONTH = "month", gettext_lazy("Month only")
    YEAR = "year", gettext_lazy("Year only")


_WRITTEN = {
    Precision.YEAR: re.compile(r"([0-9]{4})"),
    Precision.MONTH: re.compile(r"([0-9]{4})-([0-9]{2})"),
    Precision.DAY: re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})"),
}


def parse_written(text):
    """(date, precision) from "2009", "2009-06" or "2009-06-01" (ASCII digits); ValueError saying why not."""
    value = (text or "").strip()
    for precision, pattern in _WRITTEN.items():
        match = pattern.fullmatch(value) if value.isascii() else None
        if match:
            year, month, day = (int(part) for part in (*match.groups(), 1, 1)[:3])
            try:
                return datetime.date(year, month, day), precision
            except ValueError:
                break
    raise ValueError(_("a date is written YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known"))


class PartialDate(NamedTuple):
    """A date and how much of it is known, as one cell or one form field gives it."""

    day: datetime.date | None
    precision: str = Precision.DAY


WRITTEN_HELP = gettext_lazy("YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year is known.")


class WrittenDateField(forms.Field):
    """A form's date as a source gives it, "2019", "2019-03" or "2019-03-31", read by `parse_written` as imports
    read it: a PartialDate, or None when left empty. The member editor and the public correction form both use
    it, so that they accept the same dates and store the same precision."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "size": 10, "autocomplete": "off"})
    default_error_messages = {"invalid": gettext_lazy("“%(value)s” is not a date: %(why)s.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", WRITTEN_HELP)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        text = (value or "").strip() if isinstance(value, str) else value
        if text in self.empty_values:
            return None
        try:
            return PartialDate(*parse_written(text))
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": text, "why": str(error)}
            ) from None

    def prepare_value(self, value):
        return written(*value) if isinstance(value, PartialDate) else value


def written(day, precision=Precision.DAY):
    """A date as its source gives it, for files: "2009", "2009-06" or "2009-06-01" ("" for none)."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return f"{day.year:04d}"
    if precision == Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def shown(day, precision=Precision.DAY):
    """A date as pages show it, in the active language: "2009", "June 2009" or "1 June 2009"."""
    if day is None:
        return ""
    if precision == Precision.YEAR:
        return str(day.year)
    return _formatted(day, "YEAR_MONTH_FORMAT" if precision == Precision.MONTH else "DATE_FORMAT", get_language())


@functools.lru_cache(maxsize=8192)
def _formatted(day, format_name, language):
    """formats.date_format() in `language` (the active one), kept: a country page shows a thousand dates,
    most of them the same few, and each formatting costs 10 µs."""
    return formats.date_format(day, format_name)


class DatedQuerySet(models.QuerySet):
    """Rows in force from `since` to `until` (both included, either open): memberships and relations.

    `as_of(day)` is the one rule for "in force on a day"; the other methods ask it of the reference
    day (`networks.dating.reference_day`: today, or the day a public page is read as of).
    """

    def as_of(self, day):
        """In force on `day`: begun by then (or undated) and not ended before it."""
        return self.filter(Q(until__isnull=True) | Q(until__gte=day)).filter(Q(since__isnull=True) | Q(since__lte=day))

    def begun_by(self, day):
        """In force or ended on `day`: every one but those that began later."""
        return self.filter(Q(since__isnull=True) | Q(since__lte=day))

    def current(self):
        """In force on the reference day: ended ones are kept but excluded."""
        return self.as_of(reference_day())

    def ended(self):
        return self.filter(until__lt=reference_day())

    def current_or_ended(self):
        """In force or ended on the reference day: every one but those announced for a later date."""
        return self.begun_by(reference_day())


def _first_day(field):
    """A date known to its month or year is stored as that period's first day: comparisons read the date alone."""
    precision = f"{field}_precision"
    return (
        Q(**{f"{field}__isnull": True})
        | Q(**{precision: Precision.DAY})
        | Q(**{precision: Precision.MONTH, f"{field}__day": 1})
        | Q(**{precision: Precision.YEAR, f"{field}__day": 1, f"{field}__month": 1})
    )


PRECISION_HELP = "How much of the date its source gives: a month or year only is entered as its first day."


def precision_field():
    return models.CharField(
        max_length=5, choices=Precision.choices, blank=True, default=Precision.DAY, help_text=PRECISION_HELP
    )


def dating_constraints(prefix):
    """Since before until, and partial dates stored as their period's first day, for a dated model."""
    return [
        models.CheckConstraint(
            condition=Q(since__isnull=True) | Q(until__isnull=True) | Q(since__lte=F("until")),
            name=f"{prefix}_since_before_until",
            violation_error_code=f"{prefix}_since_before_until",
            violation_error_message=gettext_lazy("“Until” cannot be before “since”."),
        ),
        *(
            models.CheckConstraint(
                condition=_first_day(field),
                name=f"{prefix}_{field}_first_day",
                violation_error_code=f"{prefix}_{field}_first_day",
                violation_error_message=gettext_lazy(
                    "A date known only to its month or year is entered as the first day of that month or year."
                ),
            )
            for field in ("since", "until")
        ),
    ]
