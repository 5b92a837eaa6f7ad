"""Language columns of jurisdiction and region names (django-modeltranslation)."""

from django.db import migrations, models



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
    ]
