"""The language of an organisation's name and acronym, so that pages in another language mark it (lang="en" on a
French page). Existing organisations are named in English, as the registry writes them; the seed loader gives the
few known by their own name theirs (fixtures/organisations.csv)."""

import registry.languages
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('countries', '0003_official_names_in_languages'),
        ('networks', '0002_postgresql_search'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalorganisation',
            name='language',
            field=models.CharField(blank=True, default='en', help_text='BCP 47 language tag of its name and acronym: en when the registry names it in English, it or es for a body known by its own name; blank when they are in no one language.', max_length=35, validators=[registry.languages.validate_language_tag], verbose_name='language'),
        ),
        migrations.AddField(
            model_name='organisation',
            name='language',
            field=models.CharField(blank=True, default='en', help_text='BCP 47 language tag of its name and acronym: en when the registry names it in English, it or es for a body known by its own name; blank when they are in no one language.', max_length=35, validators=[registry.languages.validate_language_tag], verbose_name='language'),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('language', ''), ('language__regex', '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'), _connector='OR'), name='networks_organisation_language_tag', violation_error_code='networks_organisation_language_tag', violation_error_message='Write the language as a BCP 47 tag: es, pt, fr, pt-BR.'),
        ),
    ]
