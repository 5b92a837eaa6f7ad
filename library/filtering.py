"""What /meetings/ and /documents/ share: the filter base (network, year, search) and how refusals are told.

An unknown or malformed value never raises: the form reports it, the filter is left out and the
page says so above the results (as the catalogue list does).
"""

import django_filters
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from networks.models import Network
from public.search import clean_text
from registry.numbers import WholeNumberField

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
FIRST_YEAR, LAST_YEAR = 1900, 2100


class YearFilter(django_filters.Filter):
    field_class = WholeNumberField


class MaterialFilter(django_filters.FilterSet):
    """The filters of a list of meetings or documents; subclasses name the searched fields and the year's."""

    search_fields = ()
    network = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Network"),
        queryset=Network.objects.public(),
        to_field_name="slug",
        field_name="networks",
        error_messages={"invalid_choice": gettext_lazy("There is no network “%(value)s”.")},
    )
    year = YearFilter(label=gettext_lazy("Year"), method="filter_year", min_value=FIRST_YEAR, max_value=LAST_YEAR)
    q = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_q", max_length=MAX_QUERY_LENGTH, strip=True
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            cleaned = QueryDict(mutable=True)
            for key, values in data.lists():
                cleaned.setlist(key, [clean_text(value) for value in values[:1]])
            data = cleaned
        super().__init__(data, *args, **kwargs)

    def filter_q(self, queryset, name, value):
        """Every word must appear in one of `search_fields` (case-insensitive)."""
        for word in value.split()[:MAX_TERMS]:
            queryset = queryset.filter(
                Q(*[(f"{field}__icontains", word) for field in self.search_fields], _connector=Q.OR)
            )
        return queryset

    def messages(self):
        """One sentence per refused value, to show above the results."""
        if not self.is_bound:
            return []
        return [
            _("%(label)s: %(error)s This filter was ignored.") % {"label": self.filters[name].label, "error": error}
            for name, errors in self.form.errors.items()
            for error in errors
        ]

    def chosen_network(self):
        """The network filtered on, if the value was valid (no query: the form read it)."""
        if not self.is_bound:
            return None
        self.is_valid()
        return self.form.cleaned_data.get("network")
