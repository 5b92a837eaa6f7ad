"""Text the registry writes itself (a change set's reason, a held save's explanation), kept as what it says.

A row stores the kind of text (a member of a TextChoices whose label is its wording) and the values that fill it,
and each reader sees it worded in their language (`worded`); the row's text column keeps the English wording
(`english_wording`), which searches and the erasure read. Words a person typed are kept as written.

A value named `when` is a date-time, kept as ISO 8601 text (JSON has no date-times) and shown in the reader's
language and time zone, as pages show the dates of their entries.
"""

import datetime

from django.utils import formats, timezone, translation

from .translated import DEFAULT_LANGUAGE


def english_wording(kind, values):
    """The wording of `kind` (a TextChoices member) filled with `values`, in the registry's language."""
    with translation.override(DEFAULT_LANGUAGE):
        return str(kind.label) % _shown(values)


def worded(choices, kind, values, stored):
    """The text in the active language: `kind` of `choices` worded from `values`, else `stored` (a person's own
    words, or what remains once the values were scrubbed or no longer fit the wording)."""
    if kind in choices.values:
        try:
            return str(choices(kind).label) % _shown(values)
        except (KeyError, TypeError, ValueError):
            pass
    return stored


def _shown(values):
    """`values` as the active language shows them; ValueError for a `when` that is not a date-time."""
    if "when" not in values:
        return values
    when = datetime.datetime.fromisoformat(values["when"])
    return {**values, "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT")}
