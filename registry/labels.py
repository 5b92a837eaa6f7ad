"""Labels of related rows that survive the row's deletion.

An old version kept by django-simple-history still holds the ids of the rows it pointed to; a
`__str__` that follows such a foreign key raises DoesNotExist once that row is deleted, and every
history page showing the version answered a 500. Models build their labels with `related_label`.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _


def deleted_label(model, pk):
    """What a page shows for a row of `model` deleted since: "deleted organisation #12"."""
    return _("deleted %(kind)s #%(pk)s") % {"kind": model._meta.verbose_name, "pk": pk}


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
