"""Keep the original name columns equal to the English ones (registry.translated.mirror_constraints)."""

import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("countries", "0007_translated_fields_data")]

    operations = [
        migrations.AddConstraint(
            model_name='jurisdiction',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='countries_jurisdiction_name_is_english', violation_error_code='countries_jurisdiction_name_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
        migrations.AddConstraint(
            model_name='region',
            constraint=models.CheckConstraint(condition=models.Q(('name', django.db.models.functions.comparison.Coalesce('name_en', models.Value('')))), name='countries_region_name_is_english', violation_error_code='countries_region_name_is_english', violation_error_message='The English text and the stored one differ; save the English text again.'),
        ),
    ]
