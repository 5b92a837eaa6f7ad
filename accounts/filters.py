import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from countries.forms import CountryFilter
from networks.models import ContactPoint, Network


class ContactPointFilter(django_filters.FilterSet):
    """The practitioners' contact search: by network, country, role, language and name."""

    q = django_filters.CharFilter(label=_("Name or institution"), method="search")
    network = django_filters.ModelChoiceFilter(
        queryset=Network.objects.order_by("name"), to_field_name="slug", empty_label=_("Any network")
    )
    country = CountryFilter(field_name="jurisdiction", label=_("Country (name or code)"))
    role = django_filters.ChoiceFilter(choices=ContactPoint.Role.choices, empty_label=_("Any role"))
    language = django_filters.CharFilter(field_name="languages", lookup_expr="icontains", label=_("Language"))

    class Meta:
        model = ContactPoint
        fields = ["q", "network", "country", "role", "language"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(institution__icontains=value) | Q(function__icontains=value)
        )
