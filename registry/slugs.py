"""Slugs are stored and compared in lower case.

A networks row with slug `EJN` created a second European Judicial Network beside `ejn` when it came
through the admin. `LowercaseSlugField` folds the value wherever the database sees it (saves, bulk
writes and lookups alike, through `get_prep_value`) and wherever a form reads it, so `EJN` and `ejn`
are one slug on every path, and the unique check reports the clash as a form or row error.
"""

from django.db import models


class LowercaseSlugField(models.SlugField):
    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value.lower() if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
