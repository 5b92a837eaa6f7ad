"""Labels of stored choices, read from a table built once per field and language.

Django's `get_<field>_display()` rebuilds a dict of the field's choices on every call, translating each
label to hash it: a region page listing 40 networks made about 1,400 translations for their types,
scopes and statuses (half its CPU at 10,000 networks), a network page one per member row.
"""

import functools

from django.db import models
from django.utils.translation import get_language


@functools.cache
def choice_labels(field, language):
    """{stored value: label as str} for a field with choices; call it with `language` active."""
    return {value: str(label) for value, label in field.flatchoices}


class ChoiceLabels(models.Model):
    """Model base: `get_<field>_display()` reads `choice_labels`; a value outside the choices shows as stored."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return choice_labels(field, get_language()).get(value, value)
