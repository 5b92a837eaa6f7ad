"""Jurisdiction and region names per language (django-modeltranslation), from the reference data.

The English columns start as copies of the existing names (live tables and history); the loader then
adds the French, Spanish and Portuguese names (countries.loading), before the constraints that keep the
original columns equal to the English ones (registry.translated.mirror_constraints).
"""

import django.db.models.functions.comparison
from django.db import migrations, models


def names_load(apps, schema_editor):
    from countries.loading import jurisdictions_load

    for model_name in ("jurisdiction", "region"):
        for name in (model_name, f"historical{model_name}"):
            apps.get_model("countries", name).objects.update(name_en=models.F("name"))
    jurisdictions_load(apps)

class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0005_registry_identifiers_and_history'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [en]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='name_es',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [es]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='name_fr',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [fr]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='name_pt',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [pt]'),
        ),
        migrations.AddField(
            model_name='historicalregion',
            name='name_en',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='name [en]'),
        ),
        migrations.AddField(
            model_name='historicalregion',
            name='name_es',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='name [es]'),
        ),
        migrations.AddField(
            model_name='historicalregion',
            name='name_fr',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='name [fr]'),
        ),
        migrations.AddField(
            model_name='historicalregion',
            name='name_pt',
            field=models.CharField(blank=True, max_length=100, null=True, verbose_name='name [pt]'),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='name_en',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='name_es',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='name_fr',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='name_pt',
            field=models.CharField(max_length=120, null=True),
        ),
        migrations.AddField(
            model_name='region',
            name='name_en',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='region',
            name='name_es',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='region',
            name='name_fr',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='region',
            name='name_pt',
            field=models.CharField(max_length=100, null=True, unique=True),
        ),
        migrations.RunPython(names_load, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='jurisdiction',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='countries_jurisdiction_name_is_english'),
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='countries_region_name_is_english'),
        ),
    ]
