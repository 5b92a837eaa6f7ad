"""Names, acronyms and descriptions per language (django-modeltranslation), aliases with a language and a kind.

The English columns start as copies of the existing texts, in the live tables and their history, before
the constraints that keep the original columns equal to them (registry.translated.mirror_constraints).
"""

from django.db import migrations, models

TRANSLATED = {"network": ("name", "acronym", "description"), "topic": ("name",)}

def english_copy(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        for name in (model_name, f"historical{model_name}"):
            model = apps.get_model("networks", name)
            model.objects.update(**{f"{field}_en": models.F(field) for field in fields})

class Migration(migrations.Migration):
    dependencies = [("networks", "0017_translated_fields")]

    operations = [migrations.RunPython(english_copy, migrations.RunPython.noop)]
