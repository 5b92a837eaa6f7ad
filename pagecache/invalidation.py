"""Any saved, deleted or re-linked catalogue row gives the catalogue a new version, so cached pages go stale.

Writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) must call
`catalogue_changed()` themselves, as `generate_synthetic` does.
"""

import uuid

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import CatalogueVersion

# Apps whose rows appear on public pages.
CATALOGUE_APPS = {"networks", "countries", "sitepages", "meetings", "library"}
VERSION_PK = 1


def catalogue_version():
    """The current version token, or "" before the first change (one query)."""
    tokens = CatalogueVersion.objects.filter(pk=VERSION_PK).values_list("token", flat=True)
    return next(iter(tokens), "")


def catalogue_stamp():
    """(version token, when it was given) or ("", None) before the first change (one query): the API's validators."""
    return CatalogueVersion.objects.filter(pk=VERSION_PK).values_list("token", "changed").first() or ("", None)


def catalogue_changed():
    """Give the catalogue a new version token (within the caller's transaction, if any)."""
    token, now = uuid.uuid4().hex, timezone.now()
    if not CatalogueVersion.objects.filter(pk=VERSION_PK).update(token=token, changed=now):
        CatalogueVersion.objects.bulk_create([CatalogueVersion(pk=VERSION_PK, token=token)], ignore_conflicts=True)
        CatalogueVersion.objects.filter(pk=VERSION_PK).update(token=token, changed=now)


def _is_catalogue(model):
    # django-simple-history's historical models mirror a catalogue model; their rows change nothing public.
    return model._meta.app_label in CATALOGUE_APPS and not hasattr(model, "instance_type")


def _on_write(sender, **kwargs):
    if _is_catalogue(sender):
        catalogue_changed()


def _on_m2m(sender, action, instance, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"} and _is_catalogue(type(instance)):
        catalogue_changed()


def receivers_connect():
    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")
