"""Changes recorded by django-simple-history, in words: the one wording of a change, for the history
pages and for the refusal of a form that someone else's save made stale (networks.concurrency).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import DeletedObject

from registry.labels import deleted_label, related_label
from registry.translated import column_language, written_in

from .dating import written

MAX_SHOWN_CHARS = 80
ACTIONS = {"+": gettext_lazy("added"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


def display_value(field, value):
    """A field's value as a list of changes shows it (str): choices by label, a deleted row as
    "deleted organisation #12", nothing as "(empty)"."""
    if isinstance(value, DeletedObject):
        return deleted_label(value.model, value.pk)
    if isinstance(value, list):
        return ", ".join(display_value(field, item) for item in value) or _("(empty)")
    if value is None or value == "":
        return _("(empty)")
    if getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's verbose name, capitalised
    old: str
    new: str


@dataclass(frozen=True)
class RecordChange:
    """One history row: what it did to which record, who did it and when."""

    label: str
    action: str  # django-simple-history's history_type: "+" added, "~" changed, "-" deleted
    user: str
    date: object  # an aware datetime
    fields: tuple  # FieldChange, for "changed"

    def lines(self):
        """The change as short sentences (str), one per changed field."""
        when = timezone.localtime(self.date).strftime("%Y-%m-%d %H:%M")
        by = _("by %(user)s, %(when)s") % {"user": self.user, "when": when} if self.user else when
        if self.action != "~" or not self.fields:
            return [f"{self.label}: {ACTIONS[self.action]} ({by})"]
        return [f"{self.label}, {item.field}: {_short(item.old)} → {_short(item.new)} ({by})" for item in self.fields]


def _precision_of(model, name):
    """The name of the field giving the precision of date field `name` ("since_precision"), or None."""
    companion = f"{name}_precision"
    return companion if any(field.name == companion for field in model._meta.concrete_fields) else None


def _dated(model, name):
    # A precision field is shown with its date ("Since: 2009"), never on its own line.
    date = name.removesuffix("_precision")
    return date if date != name and _precision_of(model, date) else None


def _shown(field, record, value):
    """A field's value in one version (`record`), a date as its source gives it ("2009", "2009-06"); a text of a
    known language ("name_en", a relation's notes) saying it where it is not the page's (registry.translated)."""
    precision = _precision_of(record.instance_type, field.name)
    if precision and value is not None:
        return written(value, getattr(record, precision))
    shown = display_value(field, value)
    language = column_language(record.instance_type, field.name)  # texts only: never a choice's label
    return written_in(shown, language) if language and value is not None and value != "" else shown


def field_changes(record, previous, *, hidden=()):
    """FieldChange for each field that differs between history rows `previous` and `record` of one
    object, leaving out `hidden` field names: what it was and what it became. A date and its precision
    are one change. Reads the foreign keys' rows (select_related them)."""
    model = record.instance_type
    delta = record.diff_against(previous, excluded_fields=list(hidden), foreign_keys_are_objs=True)
    changed = {change.field: change for change in delta.changes}
    names = {_dated(model, name) or name for name in changed}
    changes = []
    for field in model._meta.concrete_fields:
        if field.name not in names:
            continue
        change = changed.get(field.name)
        old = change.old if change else getattr(previous, field.attname)
        new = change.new if change else getattr(record, field.attname)
        changes.append(
            FieldChange(capfirst(field.verbose_name), _shown(field, previous, old), _shown(field, record, new))
        )
    return tuple(changes)


def field_values(record, *, removed=False, hidden=(), skip=()):
    """FieldChange for each field holding a value in history row `record`: from nothing to the value for a
    row added, from the value to nothing for a row `removed`. Leaves out the key, `hidden` and `skip` field
    names (what the change's label already says). Reads the foreign keys' rows (select_related them)."""
    model = record.instance_type
    tracked = {field.name for field in record.tracked_fields}
    changes = []
    for field in model._meta.concrete_fields:
        name = field.name
        stamp = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if field.primary_key or stamp or name not in tracked or name in hidden or name in skip or _dated(model, name):
            continue
        value = (related_label(record, name) or None) if field.many_to_one else getattr(record, field.attname)
        if value is None or value == "" or value is False:
            continue
        shown = value if field.many_to_one else _shown(field, record, value)
        empty = display_value(field, None)
        changes.append(FieldChange(capfirst(field.verbose_name), *((shown, empty) if removed else (empty, shown))))
    return tuple(changes)


def record_change(record, *, hidden=()):
    """RecordChange for one history row (one more query for the row before it, when it is a change)."""
    previous = record.prev_record if record.history_type == "~" else None
    return RecordChange(
        label=_("%(kind)s “%(label)s”")
        % {"kind": capfirst(record.instance_type._meta.verbose_name), "label": record.history_object},
        action=record.history_type,
        user=str(record.history_user or ""),
        date=record.history_date,
        fields=field_changes(record, previous, hidden=hidden) if previous is not None else (),
    )


def _short(text):
    return f"“{Truncator(text).chars(MAX_SHOWN_CHARS)}”"
