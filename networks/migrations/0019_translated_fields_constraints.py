"""Keep the original name columns equal to the English ones (registry.translated.mirror_constraints)."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("networks", "0018_translated_fields_data")]

    operations = [
        migrations.AddConstraint(
            model_name='network',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='networks_network_name_is_english', violation_error_code='networks_network_name_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
        migrations.AddConstraint(
            model_name='network',
            constraint=models.CheckConstraint(condition=models.Q(('acronym', django.db.models.functions.comparison.Coalesce('acronym_en', models.Value('')))), name='networks_network_acronym_is_english', violation_error_code='networks_network_acronym_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
        migrations.AddConstraint(
            model_name='network',
            constraint=models.CheckConstraint(condition=models.Q(('description', django.db.models.functions.comparison.Coalesce('description_en', models.Value('')))), name='networks_network_description_is_english', violation_error_code='networks_network_description_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
        migrations.AddConstraint(
            model_name='networkalias',
            constraint=models.CheckConstraint(condition=models.Q(('language', ''), ('language__regex', '^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$'), _connector='OR'), name='networks_alias_language_tag', violation_error_code='networks_alias_language_tag', violation_error_message='Write the language as a BCP 47 tag: es, pt, fr, pt-BR.'),
        ),
        migrations.AddConstraint(
            model_name='networkalias',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['official', 'former', 'acronym', 'misspelling', 'variant'])), name='networks_alias_kind_known', violation_error_code='networks_alias_kind_known', violation_error_message='Choose a kind of alias from the list.'),
        ),
        migrations.AddConstraint(
            model_name='topic',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='networks_topic_name_is_english', violation_error_code='networks_topic_name_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
    ]
