"""The register's filters: sending and host state by any name, code or former name (countries.forms.CountryField)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from countries.forms import CountryField

from .models import LiaisonPost


class CountryFilter(django_filters.Filter):
    field_class = CountryField


class LiaisonPostFilter(django_filters.FilterSet):
    """An unknown or ambiguous state is named in the form's errors and left out; the other filters still apply."""

    sending = CountryFilter(label=_("Sending state"), method="filter_sending")
    host = CountryFilter(label=_("Host state"), method="filter_host")
    function = django_filters.ChoiceFilter(
        label=_("Function"), choices=LiaisonPost.Function.choices, empty_label=_("Any function")
    )

    class Meta:
        model = LiaisonPost
        fields = ["sending", "host", "function"]

    def filter_sending(self, queryset, name, jurisdiction):
        return queryset.sent_by(jurisdiction)

    def filter_host(self, queryset, name, jurisdiction):
        return queryset.hosted_by(jurisdiction)

    def alternatives(self):
        """[(filter name, jurisdiction)] offered instead of an ambiguous or unknown state."""
        return [(name, j) for name in ("sending", "host") for j in self.form.fields[name].alternatives]
