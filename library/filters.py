"""The filters of /documents/: network, kind, language, year and search."""

import django_filters
from django.utils.translation import gettext_lazy

from registry.languages import LANGUAGE_NAMES

from .filtering import MaterialFilter
from .models import Document


class DocumentFilter(MaterialFilter):
    search_fields = ("title", "description")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=Document.Kind.choices)
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=sorted(LANGUAGE_NAMES.items()), method="filter_language"
    )

    class Meta:
        model = Document
        fields = []

    def filter_language(self, queryset, name, value):
        return queryset.in_language(value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=value)
