"""Labels of related rows that survive the row's deletion.

An old version kept by django-simple-history still holds the ids of the rows it pointed to; a
`__str__` that follows such a foreign key raises DoesNotExist once that row is deleted, and every
history page showing the version answered a 500. Models build their labels with `related_label`, and
every page (the public timelines, the admin's history) names such a row with `deleted_label`.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _


def deleted_label(model, pk):
    """What a page shows for a row of `model` deleted since: its last known name, "CARIN (no longer in the
    catalogue)", as the last version its history keeps gives it; "deleted network" for a row it does not keep.
    Readers know a row by its name, not by its number. Costs a query (more for a label naming deleted rows)."""
    history = getattr(model, "history", None)
    last = history.filter(id=pk).order_by("-history_date", "-history_id").first() if history is not None else None
    if last is None:
        return _("deleted %(kind)s") % {"kind": model._meta.verbose_name}
    return _("%(name)s (no longer in the catalogue)") % {"name": last.history_object}


def related_label(instance, field_name):
    """str() of the row `instance.<field_name>` points to, `deleted_label` if it no longer exists, "" if none.

    Costs a query when the related row is not loaded yet.
    """
    field = instance._meta.get_field(field_name)
    pk = getattr(instance, field.attname)
    if pk is None:
        return ""
    try:
        return str(getattr(instance, field_name))
    except ObjectDoesNotExist:
        return deleted_label(field.related_model, pk)
