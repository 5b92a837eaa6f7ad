"""Changes recorded by django-simple-history, in words: the one wording of a change, for the history
pages and for the refusal of a form that someone else's save made stale (networks.concurrency).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import DeletedObject

from registry.labels import deleted_label

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


def field_changes(record, previous, *, hidden=()):
    """FieldChange for each field that differs between history rows `previous` and `record` of one
    object, leaving out `hidden` field names. Reads the foreign keys' rows (select_related them)."""
    model = record.instance_type
    delta = record.diff_against(previous, excluded_fields=list(hidden), foreign_keys_are_objs=True)
    changes = []
    for change in delta.changes:
        field = model._meta.get_field(change.field)
        old, new = display_value(field, change.old), display_value(field, change.new)
        changes.append(FieldChange(capfirst(field.verbose_name), old, new))
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
