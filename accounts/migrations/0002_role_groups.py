"""Create the Practitioners, Network editors and Secretariat groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts.roles import NETWORK_EDITORS, PRACTITIONERS, SECRETARIAT, groups_sync


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the groups get them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    groups_sync(apps)


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[PRACTITIONERS, NETWORK_EDITORS, SECRETARIAT]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_network_editor_audit_event"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("networks", "0001_initial"),
        ("countries", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
