"""Reference data after `migrate`: M49 regions, ISO 3166 jurisdictions, sub-national units and aliases.

Without them a fresh instance cannot import an export (every country would be unknown). The loader
is idempotent and `load_catalogue` runs it again to refresh the data; it uses this migration's
historical models, so later changes to the countries tables do not break it.
"""

from django.db import migrations


def reference_data_load(apps, schema_editor):
    from countries.loading import jurisdictions_load

    jurisdictions_load(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("countries", "0001_initial"),
        # Saving a region or jurisdiction gives the catalogue a new version (pagecache.invalidation).
        ("pagecache", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(reference_data_load, migrations.RunPython.noop, elidable=False),
    ]
