"""Any saved, deleted or re-linked catalogue row gives the catalogue a new version, so cached pages go stale.

The version token (32 hex digits) moves with every write. Its first half, the reference part,
moves with every write except those to network entries alone (a network and the rows that
belong to it): the networks app reports those itself, after moving the networks' revisions
(`entry_writes_register`). The in-memory indexes of the catalogue (`public.memo.entry_memo`) then
update only the networks whose revision moved, and rebuild when the reference part moves.

Writes that send no signals (`bulk_create`, `QuerySet.update`, raw SQL) must call
`catalogue_changed()` themselves, as `generate_synthetic` does.
"""

import uuid

from django.db import connection
from django.db.models import Value
from django.db.models.functions import Concat, Left
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from .models import CatalogueVersion

# Apps whose rows appear on public pages.
CATALOGUE_APPS = {"networks", "countries", "sitepages", "meetings", "library", "liaison"}
VERSION_PK = 1
HALF = 16  # hex digits of each part of the token: 64 random bits
# Models whose ordinary (not raw) writes another app reports with catalogue_changed(entries_only=True),
# and, per many-to-many through model, the class whose instances' changes it reports.
_entry_models = set()
_entry_m2m = {}


def entry_writes_register(models, m2m):
    """Leave the version of these models' writes to the caller, which reports them as entry changes."""
    _entry_models.update(models)
    _entry_m2m.update(m2m)


def catalogue_state():
    """(token, its reference part): the current version, ("", "") before the first change (one query)."""
    token = catalogue_version()
    return token, token[:HALF]


def catalogue_version():
    """The current version token, or "" before the first change (one query).

    Through the cursor: building the query with the ORM cost ten times running it (0.16 ms against
    0.01), and a search page reads the version four times (the page cache, the facet index, the
    search texts, the jurisdiction names).
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {CatalogueVersion._meta.db_table} WHERE id = %s", [VERSION_PK])
        row = cursor.fetchone()
    return row[0] if row else ""


def catalogue_stamp():
    """(version token, when it was given) or ("", None) before the first change (one query): the API's validators."""
    return CatalogueVersion.objects.filter(pk=VERSION_PK).values_list("token", "changed").first() or ("", None)


def catalogue_changed(*, entries_only=False):
    """Give the catalogue a new version (within the caller's transaction, if any).

    `entries_only`: the write changed network entries alone and moved their revisions first, so
    indexes may update those networks instead of rebuilding.
    """
    token, now = uuid.uuid4().hex, timezone.now()
    # One UPDATE either way, so that concurrent writers cannot interleave a read and a write.
    new = Concat(Left("token", HALF), Value(token[HALF:])) if entries_only else Value(token)
    if not CatalogueVersion.objects.filter(pk=VERSION_PK).update(token=new, changed=now):
        CatalogueVersion.objects.bulk_create([CatalogueVersion(pk=VERSION_PK, token=token)], ignore_conflicts=True)
        CatalogueVersion.objects.filter(pk=VERSION_PK).update(token=new, changed=now)


def _is_catalogue(model):
    # django-simple-history's historical models mirror a catalogue model; their rows change nothing public.
    return model._meta.app_label in CATALOGUE_APPS and not hasattr(model, "instance_type")


def _on_write(sender, raw=False, **kwargs):
    # A raw save (loaddata) moves no revision: it counts as a change to anything.
    if _is_catalogue(sender) and (raw or sender not in _entry_models):
        catalogue_changed()


def _on_m2m(sender, action, instance, **kwargs):
    changed = action in {"post_add", "post_remove", "post_clear"} and _is_catalogue(type(instance))
    if changed and not isinstance(instance, _entry_m2m.get(sender, ())):
        catalogue_changed()


def receivers_connect():
    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    post_delete.connect(_on_write, dispatch_uid="pagecache-delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="pagecache-m2m")
