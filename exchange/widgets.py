"""Cell converters for imports and exports: natural keys in, natural keys out, errors in plain words.

Look-ups go through `Lookups`, a per-import cache that loads each table once, so that
cleaning 20,000 rows costs a handful of queries instead of one or more per row.
"""

import datetime
import difflib

from django.core.exceptions import ValidationError
from import_export.widgets import Widget

from countries.models import Jurisdiction
from countries.names import normalize_name
from networks.dating import PartialDate, parse_written, written
from networks.models import FIRST_YEAR, LAST_YEAR
from registry.languages import standard_language_tag, validate_language_tag

from .formats import LIST_SEPARATOR, whole_number


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, in the words of the spreadsheet."""


def closest(value, candidates, *, n=3):
    """Up to `n` of `candidates` ({comparison key: label}) that look like `value`."""
    keys = difflib.get_close_matches(normalize_name(value), list(candidates), n=n, cutoff=0.6)
    labels = []
    for key in keys:
        if candidates[key] not in labels:
            labels.append(candidates[key])
    return labels


def _unknown(what, value, suggestions):
    message = f'unknown {what} "{value}"'
    if suggestions:
        message += " (closest matches: " + ", ".join(suggestions) + ")"
    return CellError(message)


class Lookups:
    """Natural-key maps for one import, each loaded with one query the first time it is needed."""

    def __init__(self):
        self._maps = {}

    def by_slug(self, model):
        """{lower-case slug: object}: slugs are compared in one case, so `EJN` finds `ejn`."""
        if model not in self._maps:
            self._maps[model] = {obj.slug.lower(): obj for obj in model.objects.only("pk", "slug")}
        return self._maps[model]

    def jurisdictions(self):
        """The one name index of jurisdictions (`Jurisdiction.objects.names()`), fetched once per import."""
        if Jurisdiction not in self._maps:
            self._maps[Jurisdiction] = Jurisdiction.objects.names()
        return self._maps[Jurisdiction]


def _lookups(kwargs):
    return kwargs.get("lookups") or Lookups()


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return (value or "").strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class SlugTextWidget(TextWidget):
    """A record's own slug: stored in lower case, so that `EJN` and `ejn` are one network, not two."""

    def clean(self, value, row=None, **kwargs):
        return super().clean(value).lower()


class RegistryIDWidget(TextWidget):
    """A registry identifier: blank (drawn on creation, kept on update) or one of the kind's identifiers."""

    def __init__(self, kind):
        super().__init__()
        self.kind = kind

    def clean(self, value, row=None, **kwargs):
        from registry.identifiers import registry_id

        text = super().clean(value)
        if not text:
            return None
        identifier = registry_id(text)
        if identifier is None or not identifier.startswith(self.kind):
            raise CellError(f'"{text[:40]}" is not a registry identifier ({self.kind} and nine letters or digits)')
        return identifier


class ChoiceWidget(Widget):
    """A `TextChoices` value; the human label is accepted too ("Associate partner")."""

    def __init__(self, choices, what):
        super().__init__()
        self.what = what
        self.values = [value for value, _ in choices]
        self.index = {str(value).casefold(): value for value, _ in choices}
        self.index.update({str(label).casefold(): value for value, label in choices})

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return ""
        try:
            return self.index[value.casefold()]
        except KeyError:
            raise CellError(f'unknown {self.what} "{value}" (expected one of: {", ".join(self.values)})') from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class LanguageTagWidget(TextWidget):
    """A BCP 47 language tag ("es", "pt-BR"), checked as the admin checks it and stored in its standard form."""

    def clean(self, value, row=None, **kwargs):
        value = super().clean(value)
        try:
            validate_language_tag(value)
        except ValidationError as error:
            raise CellError(error.messages[0]) from None
        return standard_language_tag(value)


def _check_year(year, value):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CellError(f'year {year} in "{value}" is out of range ({FIRST_YEAR}–{LAST_YEAR})')


class YearWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        if not (len(value) == 4 and value.isascii() and value.isdigit()):
            raise CellError(f'"{value}" is not a year (write it with four digits, e.g. 2004)')
        _check_year(int(value), value)
        return int(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CountWidget(Widget):
    """A whole number of members or participants, as a source states it (0 or more)."""

    def clean(self, value, row=None, **kwargs):
        # Thousands separators as spreadsheets write them: "1,200", "1 200" (also non-breaking).
        value = (value or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(",", "").replace(" ", "")
        if not value:
            return None
        try:
            return whole_number(value)
        except ValueError as error:
            raise CellError(str(error)) from None

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            raise CellError(f'"{value}" is not a date (write it as YYYY-MM-DD, e.g. 2004-03-31)') from None
        _check_year(day.year, value)
        return day

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class PartialDateWidget(Widget):
    """A date as its source gives it: YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known.

    Reads and renders a PartialDate: the resource's field gives the stored date with its precision
    (resource_base.partial_date) and stores the two apart (RegistryResource.attributes).
    """

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return PartialDate(None)
        try:
            day, precision = parse_written(value)
        except ValueError:
            raise CellError(
                f'"{value}" is not a date (write it as YYYY-MM-DD, e.g. 2004-03-31, or as 2004-03 or 2004 '
                "when the source gives only the month or the year)"
            ) from None
        _check_year(day.year, value)
        return PartialDate(day, precision)

    def render(self, value, obj=None, **kwargs):
        return written(*value) if value else ""


class BooleanWidget(Widget):
    TRUE, FALSE = {"yes", "true", "1", "y"}, {"no", "false", "0", "n", ""}

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise CellError(f'"{value}" is not yes or no')

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class SlugWidget(Widget):
    """A foreign key written as the target's slug."""

    def __init__(self, model, what):
        super().__init__()
        self.model, self.what = model, what

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        index = _lookups(kwargs).by_slug(self.model)
        try:
            return index[value.lower()]
        except KeyError:
            raise _unknown(self.what, value, closest(value, {slug.replace("-", " "): slug for slug in index})) from None

    def render(self, value, obj=None, **kwargs):
        return value.slug if value else ""


class JurisdictionWidget(Widget):
    """A jurisdiction written as its ISO 3166-1 alpha-2 or sub-national code; names and aliases are accepted."""

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if not value:
            return None
        resolution = _lookups(kwargs).jurisdictions().resolve(value)
        if resolution.ambiguous:
            choices = " or ".join(f"{j.name} ({j.code})" for j in resolution.candidates)
            raise CellError(f'"{value}" could be {choices}: write the code')
        if resolution.match is None:
            raise _unknown("country", value, [f"{j.name} ({j.code})" for j in resolution.suggestions])
        return resolution.match

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class SlugListWidget(Widget):
    """A many-to-many written as slugs separated by `;`, rendered sorted so exports are stable."""

    def __init__(self, model, what):
        super().__init__()
        self.model, self.what = model, what

    def clean(self, value, row=None, **kwargs):
        index = _lookups(kwargs).by_slug(self.model)
        found, unknown = {}, []
        for slug in split_list(value):
            if slug.lower() in index:
                found[slug.lower()] = index[slug.lower()]
            else:
                unknown.append(str(_unknown(self.what, slug, closest(slug, {s.replace("-", " "): s for s in index}))))
        if unknown:
            raise CellError("; ".join(unknown))
        return [found[slug] for slug in sorted(found)]

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(sorted(item.slug for item in _items(value)))


class NameListWidget(Widget):
    """Plain names separated by `;` (a network's aliases)."""

    def clean(self, value, row=None, **kwargs):
        return sorted(set(split_list(value)))

    def render(self, value, obj=None, **kwargs):
        return LIST_SEPARATOR.join(sorted(getattr(item, "name", item) for item in _items(value)))


def _items(value):
    """A list, or a related manager's (prefetched) objects."""
    if value is None:
        return ()
    return value.all() if hasattr(value, "all") else value


def split_list(value):
    return [item.strip() for item in (value or "").split(LIST_SEPARATOR) if item.strip()]


class MemberWidget(Widget):
    """A member or relation target: a jurisdiction code, or an organisation or network slug.

    Which one is said by the row's `type_column` (`jurisdiction`, `organisation` or `network`).
    """

    def __init__(self, type_column, kinds):
        super().__init__()
        self.type_column, self.kinds = type_column, kinds

    def clean(self, value, row=None, **kwargs):
        kind = (row.get(self.type_column) or "").strip().casefold()
        if kind not in self.kinds:
            return None  # the type column reports its own error
        return self.kinds[kind].clean(value, row=row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.code if isinstance(value, Jurisdiction) else value.slug
