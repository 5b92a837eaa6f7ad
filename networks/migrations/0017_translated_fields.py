"""Language columns of the translated fields (django-modeltranslation), and aliases' language and kind."""

import registry.languages
from django.conf import settings
from django.db import migrations, models



class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0006_translated_fields'),
        ('networks', '0016_confirmed_on_by'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalnetwork',
            name='acronym_en',
            field=models.CharField(blank=True, max_length=40, null=True, verbose_name='acronym [en]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='acronym_es',
            field=models.CharField(blank=True, max_length=40, null=True, verbose_name='acronym [es]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='acronym_fr',
            field=models.CharField(blank=True, max_length=40, null=True, verbose_name='acronym [fr]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='acronym_pt',
            field=models.CharField(blank=True, max_length=40, null=True, verbose_name='acronym [pt]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='description_en',
            field=models.TextField(blank=True, null=True, verbose_name='description [en]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='description_es',
            field=models.TextField(blank=True, null=True, verbose_name='description [es]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='description_fr',
            field=models.TextField(blank=True, null=True, verbose_name='description [fr]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='description_pt',
            field=models.TextField(blank=True, null=True, verbose_name='description [pt]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='name_en',
            field=models.CharField(blank=True, max_length=250, null=True, verbose_name='name [en]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='name_es',
            field=models.CharField(blank=True, max_length=250, null=True, verbose_name='name [es]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='name_fr',
            field=models.CharField(blank=True, max_length=250, null=True, verbose_name='name [fr]'),
        ),
        migrations.AddField(
            model_name='historicalnetwork',
            name='name_pt',
            field=models.CharField(blank=True, max_length=250, null=True, verbose_name='name [pt]'),
        ),
        migrations.AddField(
            model_name='historicalnetworkalias',
            name='kind',
            field=models.CharField(choices=[('official', 'Official name'), ('former', 'Former name'), ('acronym', 'Acronym'), ('misspelling', 'Misspelling in a source'), ('variant', 'Other name or short form')], default='variant', max_length=12),
        ),
        migrations.AddField(
            model_name='historicalnetworkalias',
            name='language',
            field=models.CharField(blank=True, help_text='BCP 47 language tag of the name (es, pt, fr, pt-BR); blank when it is in no one language.', max_length=35, validators=[registry.languages.validate_language_tag]),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_en',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [en]'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_es',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [es]'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_fr',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [fr]'),
        ),
        migrations.AddField(
            model_name='historicaltopic',
            name='name_pt',
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name='name [pt]'),
        ),
        migrations.AddField(
            model_name='network',
            name='acronym_en',
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='acronym_es',
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='acronym_fr',
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='acronym_pt',
            field=models.CharField(blank=True, max_length=40, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='description_en',
            field=models.TextField(blank=True, help_text="Purpose and working methods, in the registry's own words.", null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='description_es',
            field=models.TextField(blank=True, help_text="Purpose and working methods, in the registry's own words.", null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='description_fr',
            field=models.TextField(blank=True, help_text="Purpose and working methods, in the registry's own words.", null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='description_pt',
            field=models.TextField(blank=True, help_text="Purpose and working methods, in the registry's own words.", null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='name_en',
            field=models.CharField(max_length=250, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='name_es',
            field=models.CharField(max_length=250, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='name_fr',
            field=models.CharField(max_length=250, null=True),
        ),
        migrations.AddField(
            model_name='network',
            name='name_pt',
            field=models.CharField(max_length=250, null=True),
        ),
        migrations.AddField(
            model_name='networkalias',
            name='kind',
            field=models.CharField(choices=[('official', 'Official name'), ('former', 'Former name'), ('acronym', 'Acronym'), ('misspelling', 'Misspelling in a source'), ('variant', 'Other name or short form')], default='variant', max_length=12),
        ),
        migrations.AddField(
            model_name='networkalias',
            name='language',
            field=models.CharField(blank=True, help_text='BCP 47 language tag of the name (es, pt, fr, pt-BR); blank when it is in no one language.', max_length=35, validators=[registry.languages.validate_language_tag]),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_en',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_es',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_fr',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='topic',
            name='name_pt',
            field=models.CharField(max_length=120, null=True, unique=True),
        ),
    ]
