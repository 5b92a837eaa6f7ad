"""The filters of /documents/: network, kind, language, year and search."""

import django_filters
from django.utils.translation import gettext_lazy

from registry.languages import LANGUAGE_NAMES, language_name, name_order_key

from .filtering import MaterialFilter
from .models import Document


def _language_choices():
    """Every language Django names, labelled and ordered in the page's language (read per form)."""
    named = [(code, language_name(code)) for code in LANGUAGE_NAMES]
    return [(code, name) for code, name in sorted(named, key=lambda choice: name_order_key(choice[1]))]


class DocumentFilter(MaterialFilter):
    search_fields = ("title", "description")
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=Document.Kind.choices)
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=_language_choices, method="filter_language"
    )

    class Meta:
        model = Document
        fields = []

    def filter_language(self, queryset, name, value):
        return queryset.in_language(value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(date__year=value)
