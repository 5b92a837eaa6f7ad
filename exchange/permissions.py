"""Import and export are rights of their own: `import_<model>` and `export_<model>` for each catalogue table.

Created after every migrate (like Django's own add/change/delete/view permissions), so they also
exist after a flush, without editing the catalogue models' Meta.
"""

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

ACTIONS = ("import", "export")


def permissions_create(using="default", **kwargs):
    from .resources import RESOURCES

    ContentType.objects.clear_cache()  # a flush may have removed the cached rows
    for resource in RESOURCES:
        model = resource._meta.model
        content_type = ContentType.objects.db_manager(using).get_for_model(model)
        for action in ACTIONS:
            Permission.objects.using(using).get_or_create(
                content_type=content_type,
                codename=get_permission_codename(action, model._meta),
                defaults={"name": f"Can {action} {model._meta.verbose_name_plural}"},
            )
