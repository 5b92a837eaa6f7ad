"""History pages for records whose old versions may point to rows deleted since.

A version is rebuilt from its history row with the ids it held; the rows behind them may be gone.
Labels come from registry.labels ("deleted organisation #12"), changes are worded by
networks.changes, and a revert that would point to a deleted row is refused with an error on the
field (the form's select cannot even show the old value). The list of versions is our template,
templates/simple_history/object_history_list.html, which leaves the reason empty when none was given.
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.template_utils import HistoricalRecordContextHelper

from registry.labels import deleted_label

from .changes import display_value


class ReadableChanges(HistoricalRecordContextHelper):
    """django-simple-history's list of changes, with values worded as networks.changes words them."""

    def prepare_delta_change_value(self, change, value):
        return display_value(self.model._meta.get_field(change.field), value)


def deleted_references(version):
    """{field name: (id, label)} for each foreign key of `version` (a model instance) whose row no longer exists.

    One query per foreign key that is set.
    """
    missing = {}
    for field in version._meta.concrete_fields:
        pk = getattr(version, field.attname) if field.many_to_one else None
        if pk is not None and not field.related_model._base_manager.filter(pk=pk).exists():
            missing[field.name] = (pk, deleted_label(field.related_model, pk))
    return missing


def _refusing_deleted_references(form_class, missing):
    """`form_class` that refuses to keep a value pointing to a deleted row (or an empty one in its place)."""

    class RevertForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            for name, (pk, label) in missing.items():
                submitted = self.data.get(self.add_prefix(name), "")
                if name in self.fields and submitted in ("", str(pk)):
                    self._errors.pop(name, None)  # "not one of the available choices" says less
                    self.add_error(name, _("This version points to %(label)s. Choose another.") % {"label": label})
            return cleaned_data

    RevertForm.__name__ = form_class.__name__
    return RevertForm


class RegistryHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history and revert pages render whatever was deleted since."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is None:
            return form  # not an old version: the current record's rows exist
        missing = deleted_references(obj)
        if not missing:
            return form
        if request.method == "GET":
            for _pk, label in missing.values():
                warning = _("This version points to %(label)s: reverting needs another choice there.")
                messages.warning(request, warning % {"label": label})
        return _refusing_deleted_references(form, missing)
