"""Characters no catalogue text may hold, whatever way it comes in (a CSV import, an admin form)."""

import re

from django import forms
from django.utils.translation import gettext as _

# C0 control characters other than tab, line feed and carriage return: PostgreSQL refuses NUL, SQLite stores it,
# and none of them belongs in a catalogue entry. And the bidirectional embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069): invisible, they make a name display in another order than it is stored and
# searched ("Network ‮esrever" shows reversed).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]")


# What XML 1.0 cannot carry (C0 controls but tab and line breaks): Django's feed writer refuses them with an error.
XML_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def control_character(value):
    """The first such character in `value`, as "U+XXXX", or None (None too for a value that is not text)."""
    found = CONTROL_CHARACTER.search(value) if isinstance(value, str) else None
    return f"U+{ord(found.group()):04X}" if found else None


def control_character_error(value):
    """The message refusing `value` for its first control character, or None when it has none."""
    if character := control_character(value):
        return _("This contains an invisible control character (%(character)s): remove it.") % {"character": character}
    return None


class ControlCharacterCheck:
    """Form mixin: no text submitted holds a control character. Every admin form has it (registry.admin_site
    adds it to each ModelAdmin's and inline's form), and so does networks.concurrency.CatalogueForm.

    Passwords are left as typed: a secret is never shown, so it cannot display in another order.
    """

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):  # add_error() removes the field from cleaned_data
            field = self.fields.get(name)
            if field is not None and isinstance(field.widget, forms.PasswordInput):
                continue
            if error := control_character_error(value):
                self.add_error(name, error)
        return cleaned


def character_checked(form_class):
    """`form_class` with ControlCharacterCheck (the class itself when it has it already)."""
    if issubclass(form_class, ControlCharacterCheck):
        return form_class
    namespace = {"__module__": form_class.__module__, "__qualname__": form_class.__qualname__}
    return type(form_class.__name__, (ControlCharacterCheck, form_class), namespace)
