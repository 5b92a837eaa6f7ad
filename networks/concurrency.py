"""No lost updates: a form opened before someone else saved the same record is refused, with what changed.

A form carries, in a hidden field, the version of the record it was opened at and when it was
opened. Its save claims that version inside the save's transaction; if the record moved on
meanwhile the claim raises `RefusedSave`, whose messages list each change since (from
django-simple-history: record, field, old → new, who, when), and nothing is written.

- `EntryGuard`: a network's whole entry, its own fields and every row belonging to it (the network
  form with its inlines): `Network.revision`, claimed with `networks.revisions.claim_revision`.
- `RowGuard`: one record edited on its own page (a membership, contact point, organisation...):
  the id of its latest history row, read under a row lock. A change elsewhere in the network's
  entry does not make such a form stale; a change to the record does, and it moves the network's
  revision too (revision signals), so the entry's form opened earlier is refused in turn.

`VersionedModelForm` is the form side, for the admin (`ConcurrentEditAdminMixin`) and for any
editor page: build it with `edit_guard` set, call `claim_edit_version()` in the transaction that
saves, and show a RefusedSave's messages as the form's errors (the input kept, the hidden field
moved to the current version, so that saving again is a deliberate choice).
"""

import datetime
import functools
import operator

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from registry.characters import ControlCharacterCheck
from registry.numbers import whole_number
from registry.refusals import RefusedSave

from .changes import record_change
from .models import ContactPoint, Network
from .revisions import OWNING_FIELDS, StaleEntry, claim_revision

EDIT_VERSION = "edit_version"
MAX_LISTED = 20


class StaleForm(RefusedSave):
    """RefusedSave for a form opened before the record changed."""

    stale = True


def _token(seen):
    return f"{seen}:{timezone.now().isoformat()}"


def _parse(token):
    """(seen version or None, opened-at datetime or None) from a form's hidden value, whatever was posted."""
    seen_text, _sep, opened_text = (token or "").partition(":")
    try:
        seen = whole_number(seen_text, minimum=0)
    except ValueError:
        seen = None
    try:
        opened = datetime.datetime.fromisoformat(opened_text)
    except ValueError:
        opened = None
    return seen, (opened if opened is not None and timezone.is_aware(opened) else None)


def _with_labels(history_rows):
    """History rows with what their labels and changes read: the user and every foreign key's row."""
    keys = [field.name for field in history_rows.model._meta.fields if field.many_to_one]
    return history_rows.select_related(*keys)


def _refusal(what, records, *, hidden, visible_contacts=None):
    lines = [_("%(what)s was saved by someone else after you opened this form; nothing was saved.") % {"what": what}]
    hidden_contacts = 0
    for record in records[:MAX_LISTED]:
        if visible_contacts is not None and record.instance_type is ContactPoint and record.id not in visible_contacts:
            hidden_contacts += 1
            continue
        lines += record_change(record, hidden=hidden).lines()
    if hidden_contacts:
        hidden_message = ngettext(
            "%(count)s change to a contact point you may not see.",
            "%(count)s changes to contact points you may not see.",
            hidden_contacts,
        )
        lines.append(hidden_message % {"count": hidden_contacts})
    if len(records) > MAX_LISTED:
        lines.append(_("… and %(count)s more: see its History page.") % {"count": len(records) - MAX_LISTED})
    if len(lines) == 1:
        lines.append(_("Its changes are not in the history (topics, regions or a bulk import)."))
    lines.append(_("Your input is kept below. Check it against these changes; saving again replaces them."))
    return StaleForm(lines)


class EntryGuard:
    """Version of a network's whole entry (see module docstring); `obj` is the Network."""

    def token(self, obj):
        """The hidden field's value for a form opened now (one query)."""
        return _token(Network.objects.filter(pk=obj.pk).values_list("revision", flat=True).first())

    def claim(self, obj, token, *, user, hidden=()):
        """Take the entry for this save, or raise StaleForm; inside the save's transaction."""
        seen, opened = _parse(token)
        try:
            claim_revision(obj.pk, -1 if seen is None else seen)
        except StaleEntry:
            raise self._stale(obj, opened, user=user, hidden=hidden) from None

    def _stale(self, network, opened, *, user, hidden):
        records = []
        for model, owners in [(Network, ("id",)), *OWNING_FIELDS.items()]:
            # Rows that belong, or once belonged, to the entry: a row moved elsewhere left it.
            ever_here = functools.reduce(operator.or_, [Q(**{owner: network.pk}) for owner in owners])
            rows = model.history.filter(id__in=model.history.filter(ever_here).values("id"))
            if opened is not None:
                rows = rows.filter(history_date__gt=opened)
            records += _with_labels(rows)
        records.sort(key=lambda record: record.history_date)
        if opened is None:
            records = records[-MAX_LISTED:]  # a form without a readable time: the latest changes
        contact_ids = {record.id for record in records if record.instance_type is ContactPoint}
        visible = set(ContactPoint.objects.visible_to(user).filter(pk__in=contact_ids).values_list("pk", flat=True))
        stored = Network.objects.filter(pk=network.pk).first()  # `network` holds the refused form's values
        what = _("This network's entry (%(network)s)") % {"network": stored}
        return _refusal(what, records, hidden=hidden, visible_contacts=visible)


class RowGuard:
    """Version of one history-tracked record (see module docstring)."""

    def token(self, obj):
        latest = type(obj).history.filter(id=obj.pk).order_by("-history_id").values_list("history_id", flat=True)
        return _token(latest.first() or 0)

    def claim(self, obj, token, *, user, hidden=()):
        seen, _opened = _parse(token)
        model = type(obj)
        # Lock the row (PostgreSQL; SQLite writes one at a time), so that a concurrent claim waits for this save.
        list(model._default_manager.select_for_update().filter(pk=obj.pk).order_by().values_list("pk", flat=True))
        history = model.history.filter(id=obj.pk)
        latest = history.order_by("-history_id").values_list("history_id", flat=True).first() or 0
        if seen == latest:
            return
        later = history.filter(history_id__gt=seen or 0).order_by("history_date", "history_id")
        records = list(_with_labels(later))
        what = _("This %(kind)s") % {"kind": model._meta.verbose_name}
        raise _refusal(what, records, hidden=hidden)


class CatalogueForm(ControlCharacterCheck, forms.ModelForm):
    """The catalogue's forms, in the admin and out of it: no text holds a control character
    (registry.characters), as no import may write one."""


class VersionedModelForm(CatalogueForm):
    """A ModelForm that remembers the version it was opened at (hidden `edit_version`) and claims it."""

    edit_version = forms.CharField(widget=forms.HiddenInput, required=False)
    edit_guard = None  # an EntryGuard or RowGuard; set on the class for the record edited
    refresh_version = False  # set when re-showing a refused form: the hidden field takes the current version

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.edit_guard is None or self.instance.pk is None:
            return
        if not self.is_bound:
            self.initial[EDIT_VERSION] = self.edit_guard.token(self.instance)
        elif self.refresh_version:
            self.data = self.data.copy()
            self.data[self.add_prefix(EDIT_VERSION)] = self.edit_guard.token(self.instance)

    def claim_edit_version(self, *, user, hidden=()):
        """Raise StaleForm if the record changed since the form was opened; call inside the save's transaction."""
        if self.edit_guard is None or self.instance.pk is None:
            return
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("claim_edit_version must run inside the transaction that saves the form")
        self.edit_guard.claim(self.instance, self.cleaned_data.get(EDIT_VERSION, ""), user=user, hidden=hidden)


class ConcurrentEditAdminMixin:
    """Admin change forms that refuse a save from a stale form (see module docstring).

    Set `edit_guard` (RowGuard by default; EntryGuard for the network form, whose inlines belong to
    the entry). The guarded admin site (registry.admin_site) shows the refusal on the form.
    """

    form = VersionedModelForm
    edit_guard = RowGuard()

    def hidden_history_fields(self, request):
        """Field names whose values this user may not see in a list of changes."""
        return ()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not fieldsets:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], EDIT_VERSION]}), *rest]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        refused = getattr(getattr(request, "refused_save", None), "stale", False)
        return type(form.__name__, (form,), {"edit_guard": self.edit_guard, "refresh_version": refused})

    def save_model(self, request, obj, form, change):
        if change and isinstance(form, VersionedModelForm):
            form.claim_edit_version(user=request.user, hidden=self.hidden_history_fields(request))
        super().save_model(request, obj, form, change)
