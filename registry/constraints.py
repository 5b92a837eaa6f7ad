"""Database constraints as form errors in the catalogue's words, on the field they concern.

Every named constraint carries a `violation_error_message` (tests/test_constraint_errors.py checks
that none keeps Django's "Constraint … is violated."), and its name as `violation_error_code`.
`ConstraintErrorsMixin` moves a violated constraint's error onto the field it concerns; the formset
check catches duplicates between the rows of one inline, which Django's formsets check only for
unconditional unique constraints; `constraint_message_for_error` turns an IntegrityError from a
race that no check could see into the same message.
"""

import functools

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _


class ConstraintErrorsMixin:
    """Model mixin: the error of a violated constraint goes on `constraint_fields[constraint name]`.

    Constraints not listed (one that concerns several fields alike, such as "exactly one member")
    stay non-field errors; their message names the fields.
    """

    constraint_fields = {}

    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            placed = {}
            for field, errors in error.error_dict.items():
                for item in errors:
                    target = self.constraint_fields.get(item.code, field) if field == NON_FIELD_ERRORS else field
                    placed.setdefault(target if target not in (exclude or ()) else field, []).append(item)
            raise ValidationError(placed) from None


def constraint_message_for_error(error):
    """The message of the constraint an IntegrityError reports, else a general one (a str).

    PostgreSQL and SQLite's CHECK errors name the constraint; SQLite's UNIQUE errors list its
    columns ("UNIQUE constraint failed: networks_membership.network_id, ...").
    """
    text = str(error)
    names, columns = _constraint_messages()
    for name, message in names.items():
        if name in text:
            return message
    if text.startswith("UNIQUE constraint failed: "):
        listed = frozenset(part.strip() for part in text.removeprefix("UNIQUE constraint failed: ").split(","))
        if listed in columns:
            return columns[listed]
    return _(
        "The database refused this save because it would break a rule of the catalogue (a duplicate or a "
        "missing value); nothing was saved. Check the rows and save again."
    )


@functools.cache
def _constraint_messages():
    """({constraint name: message}, longest names first; {frozenset of "table.column": unique constraint's message})."""
    names, columns = {}, {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            message = str(constraint.get_violation_error_message())
            names[constraint.name] = message
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                table = model._meta.db_table
                key = frozenset(f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields)
                columns[key] = message
    # Longest first, so that a name that begins another name does not take its message.
    return dict(sorted(names.items(), key=lambda item: -len(item[0]))), columns


@functools.cache
def formset_with_constraint_checks(formset_class):
    """`formset_class` (an inline formset) that also refuses rows duplicating each other under a
    conditional UniqueConstraint, with the constraint's message on the duplicate row."""
    if issubclass(formset_class, ConditionalUniqueFormSetMixin):
        return formset_class
    return type(formset_class.__name__, (ConditionalUniqueFormSetMixin, formset_class), {})


class ConditionalUniqueFormSetMixin:
    def validate_unique(self):
        super().validate_unique()
        rows = [form for form in self.forms if form.is_valid() and not self._should_delete_form(form)]
        for constraint in self.model._meta.constraints:
            if not isinstance(constraint, models.UniqueConstraint) or constraint.condition is None:
                continue
            seen = set()
            for form in rows:
                key = tuple(self._key_part(form, name) for name in constraint.fields)
                # Rows with an empty key field never collide in a unique index (NULLs are distinct).
                if not constraint.fields or None in key or not _condition_holds(constraint.condition, form.instance):
                    continue
                if key in seen:
                    field = getattr(self.model, "constraint_fields", {}).get(constraint.name)
                    form.add_error(field if field in form.fields else None, constraint.get_violation_error_message())
                seen.add(key)

    def _key_part(self, form, name):
        if name == self.fk.name:
            return "this entry"  # every row belongs to the same parent, saved or not
        return getattr(form.instance, form.instance._meta.get_field(name).attname)


def _condition_holds(condition, instance):
    """Whether `instance` meets a constraint's condition: evaluated here for `field__isnull` and equality
    terms, else asked of the database (Q.check, one query)."""
    try:
        return _evaluate(condition, instance)
    except LookupError:
        return condition.check(instance._get_field_value_map(meta=instance._meta))


def _evaluate(node, instance):
    results = []
    for child in node.children:
        if isinstance(child, models.Q):
            results.append(_evaluate(child, instance))
            continue
        lookup, expected = child
        name, _sep, operator = lookup.partition("__")
        if isinstance(expected, models.expressions.Combinable) or operator not in ("", "exact", "isnull"):
            raise LookupError(lookup)
        value = getattr(instance, instance._meta.get_field(name).attname)
        results.append((value is None) == bool(expected) if operator == "isnull" else value == expected)
    outcome = all(results) if node.connector == models.Q.AND else any(results)
    return not outcome if node.negated else outcome
