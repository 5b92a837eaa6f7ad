"""The filters of the API's lists other than networks (which reuse the public NetworkFilter).

Each names a record by what the public pages use (slug, code, role value); an unknown value is a
400 naming the parameter (django-filter's DjangoFilterBackend), not an empty list.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from countries.models import Jurisdiction, Region
from networks.models import ContactPoint, Membership, Network, Organisation, Relation, Topic
from public.filters import CountryFilter

UNKNOWN = {"invalid_choice": "There is no such record: “%(value)s”."}


class StrictBooleanField(forms.NullBooleanField):
    """`true` or `false` (also `1`/`0`, `yes`/`no`, in any case); any other value is refused.

    django-filter's BooleanFilter reads a value it does not know ("1", "TRUE", "maybe") as no filter at all, so
    `?current=1` answered every membership, ended ones included.
    """

    widget = forms.TextInput  # the value as written (NullBooleanSelect turns an unknown one into None)
    WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.WORDS[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(f"“{str(value)[:40]}” is not true or false.") from None

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def _network():
    return django_filters.ModelChoiceFilter(
        queryset=Network.objects.all(), to_field_name="slug", label="Network (slug)", error_messages=UNKNOWN
    )


class MembershipFilter(django_filters.FilterSet):
    network = _network()
    jurisdiction = CountryFilter(label="Member jurisdiction (code or name)")
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)
    current = StrictBooleanFilter(method="filter_current", label="Only memberships in force today")

    class Meta:
        model = Membership
        fields = []

    def filter_current(self, queryset, name, value):
        current = Membership.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class RelationFilter(django_filters.FilterSet):
    network = _network()
    kind = django_filters.ChoiceFilter(choices=Relation.Kind.choices)

    class Meta:
        model = Relation
        fields = []


class ContactPointFilter(django_filters.FilterSet):
    network = _network()
    jurisdiction = CountryFilter(label="Jurisdiction (code or name)")
    role = django_filters.ChoiceFilter(choices=ContactPoint.Role.choices)

    class Meta:
        model = ContactPoint
        fields = []


class JurisdictionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Jurisdiction.Kind.choices)
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="slug", method="filter_region", error_messages=UNKNOWN
    )

    class Meta:
        model = Jurisdiction
        fields = []

    def filter_region(self, queryset, name, region):
        return queryset.in_region(region)


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Region.Level.choices)

    class Meta:
        model = Region
        fields = []


class TopicFilter(django_filters.FilterSet):
    facet = django_filters.ChoiceFilter(choices=Topic.Facet.choices)

    class Meta:
        model = Topic
        fields = []


class OrganisationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = []
