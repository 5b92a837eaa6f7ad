"""Jurisdiction and region names per language (django-modeltranslation), from the reference data.

The English columns start as copies of the existing names (live tables and history); the loader then
adds the French, Spanish and Portuguese names (countries.loading), before the constraints that keep the
original columns equal to the English ones (registry.translated.mirror_constraints).
"""

from django.db import migrations, models


def names_load(apps, schema_editor):
    from countries.loading import jurisdictions_load

    for model_name in ("jurisdiction", "region"):
        for name in (model_name, f"historical{model_name}"):
            apps.get_model("countries", name).objects.update(name_en=models.F("name"))
    jurisdictions_load(apps)

class Migration(migrations.Migration):
    dependencies = [("countries", "0006_translated_fields")]

    operations = [migrations.RunPython(names_load, migrations.RunPython.noop)]
