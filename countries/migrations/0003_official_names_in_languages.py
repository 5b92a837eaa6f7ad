"""Official names in every content language (pycountry's translations of ISO 3166-1), filled before their constraint."""

import django.db.models.functions.comparison
from django.db import migrations, models


def reference_data_load(apps, schema_editor):
    from countries.loading import jurisdictions_load

    jurisdictions_load(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0002_reference_data'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='official_name_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name [en]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='official_name_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name [es]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='official_name_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name [fr]'),
        ),
        migrations.AddField(
            model_name='historicaljurisdiction',
            name='official_name_pt',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name [pt]'),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='official_name_en',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name'),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='official_name_es',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name'),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='official_name_fr',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name'),
        ),
        migrations.AddField(
            model_name='jurisdiction',
            name='official_name_pt',
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name='official name'),
        ),
        migrations.RunPython(reference_data_load, migrations.RunPython.noop, elidable=False),
        migrations.AddConstraint(
            model_name='jurisdiction',
            constraint=models.CheckConstraint(condition=models.Q(('official_name', django.db.models.functions.comparison.Coalesce('official_name_en', models.Value('')))), name='countries_jurisdiction_official_name_is_english', violation_error_code='countries_jurisdiction_official_name_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
    ]
