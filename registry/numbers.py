"""Whole numbers that come from outside: checked as ASCII digits and for range before int() or the database.

Python's int() accepts '٥٤' (Arabic-Indic digits), ' 54 ' and '5_4', and str.isdigit() is true for
'¹' and '①'; the database then refuses what int() let through (SQLite: "Python int too large to
convert to SQLite INTEGER"; PostgreSQL: "out of range"). Every whole number read from a form, an
address or a posted list goes through `whole_number` (or the form fields below, which use it), so
each gets the same clear message instead of a 500 or a silently different number.

The ranges are PostgreSQL's for each field type (Django's portable table), so both databases accept
and refuse the same values.
"""

import argparse
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_DIGITS = re.compile(r"-?[0-9]+")
_LONGEST = 20  # digits: more cannot fit a 64-bit column, so such a value is out of range before int() sees it
ID_RANGE = (1, BaseDatabaseOperations.integer_field_ranges["BigAutoField"][1])


def integer_column(field):
    """The integer model field whose values `field` holds or compares, or None if they are not whole numbers.

    An integer field is its own; a foreign key stores its target's key; a reverse or many-to-many
    relation compares the related model's primary key.
    """
    if field.is_relation:
        field = (
            field.target_field
            if field.many_to_one or field.one_to_one and field.concrete
            else field.related_model._meta.pk
        )
    return field if isinstance(field, models.IntegerField) else None


def field_range(field):
    """(lowest, highest) value of integer model field `field`, as PostgreSQL's column holds it; an
    auto-incremented key starts at 1."""
    low, high = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type(), ID_RANGE)
    return (max(low, 1), high) if isinstance(field, models.AutoField) else (low, high)


def whole_number(text, *, minimum=ID_RANGE[0], maximum=ID_RANGE[1]):
    """The int written in `text` (a str of ASCII digits, optionally a leading '-'), or ValueError.

    The message quotes the value and says what was wrong: not a whole number, or outside
    minimum..maximum (inclusive).
    """
    value = text.strip() if isinstance(text, str) else text
    if not isinstance(value, str) or not _DIGITS.fullmatch(value):
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": _shorten(text)})
    if len(value.lstrip("-")) > _LONGEST or not minimum <= int(value) <= maximum:
        raise ValueError(
            _("%(value)s is out of range (%(minimum)s to %(maximum)s).")
            % {"value": _shorten(value), "minimum": minimum, "maximum": maximum}
        )
    return int(value)


def id_argument(text):
    """argparse `type=` for an id on a command line: the int, or argparse's error with the reason."""
    try:
        return whole_number(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def id_list(values, *, minimum=ID_RANGE[0], maximum=ID_RANGE[1]):
    """The ids in `values` (strings, e.g. request.POST.getlist("ids")) as ints; ValueError names the first bad one.
    A blank value selects nothing (a form sends one for an empty selection)."""
    return [whole_number(value, minimum=minimum, maximum=maximum) for value in values if str(value).strip()]


def _shorten(value, limit=40):
    text = str(value)
    return text if len(text) <= limit else f"{text[:limit]}…"


class WholeNumberField(forms.IntegerField):
    """forms.IntegerField that reads only ASCII digits, within the model field's range."""

    default_error_messages = {"invalid": gettext_lazy("Enter a whole number, written with the digits 0 to 9.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if not _DIGITS.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text.lstrip("-")) > _LONGEST:  # say what the min/max validators would say of its int()
            limit = self.min_value if text.startswith("-") else self.max_value
            if limit is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            validator = (MinValueValidator if text.startswith("-") else MaxValueValidator)(limit)
            raise ValidationError(validator.message, code=validator.code, params={"limit_value": limit})
        return int(text)


def _key_checker(queryset, to_field_name):
    """A function that raises ValueError for a submitted key that cannot name a row, or None for non-integer keys."""
    key = integer_column(queryset.model._meta.get_field(to_field_name) if to_field_name else queryset.model._meta.pk)
    if key is None:
        return None
    low, high = field_range(key)
    return lambda value: whole_number(str(value), minimum=low, maximum=high)


class StrictModelChoiceField(forms.ModelChoiceField):
    """A foreign key choice whose submitted id is checked as a whole number in range before any query.

    A value that is not an id is an ordinary "not one of the available choices" error, and is not
    handed back to the widget (Django's autocomplete widget would query with it to show it again).
    """

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, models.Model):
            check = _key_checker(self.queryset, self.to_field_name)
            if check is not None:
                try:
                    check(value)
                except ValueError:
                    raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None
        return super().to_python(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        check = _key_checker(self.queryset, self.to_field_name)
        if check is None or data in self.empty_values or isinstance(data, models.Model):
            return data
        try:
            check(data)
        except ValueError:
            return None
        return data


class StrictModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many choice whose submitted ids are each checked as whole numbers in range before any query."""

    def _check_values(self, value):
        check = _key_checker(self.queryset, self.to_field_name)
        if check is not None:
            for item in value:
                try:
                    check(item)
                except (ValueError, TypeError):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": _shorten(item)}
                    ) from None
        return super()._check_values(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        check = _key_checker(self.queryset, self.to_field_name)
        if check is None or not data:
            return data
        kept = []
        for item in data:
            try:
                check(item)
            except (ValueError, TypeError):
                continue
            kept.append(item)
        return kept


def strict_formfield_kwargs(db_field):
    """Form field arguments that make a model field's form field read numbers strictly (see module docstring).

    Used by the admin's formfield_for_dbfield (registry.admin_site); an editor page's ModelForm can
    take them in its formfield_callback: `db_field.formfield(**strict_formfield_kwargs(db_field), **kwargs)`.
    """
    if isinstance(db_field, models.ManyToManyField):
        return {"form_class": StrictModelMultipleChoiceField}
    if isinstance(db_field, models.ForeignKey):
        return {"form_class": StrictModelChoiceField}
    if (
        isinstance(db_field, models.IntegerField)
        and not isinstance(db_field, models.AutoField)
        and db_field.choices is None
    ):
        low, high = field_range(db_field)
        return {"form_class": WholeNumberField, "min_value": low, "max_value": high}
    return {}
