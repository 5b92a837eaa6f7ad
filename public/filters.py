"""The catalogue's filters (django-filter), their facet counts and the list's sort orders.

`NetworkFilter(request.GET).qs` is the filtered, sorted list the public page shows; the CSV
download reuses it. Relational filters select by `pk__in` (subqueries, or for regions and
countries the ids in the facet index), so no join multiplies rows and no `distinct()` is
needed. Facet counts come from the facet index's bitsets, not from the database. Invalid
values never raise: the form reports them and the filter is left out (see `NetworkFilter.notices`).
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, IntegerField, Q, Subquery
from django.http import QueryDict
from django.utils.functional import cached_property

from countries.models import Jurisdiction, Region
from networks.models import Membership, Network, Relation, Topic

from .facet_index import facet_index
from .search import NetworkSearch, clean_text

MAX_QUERY_LENGTH = 200
CODE_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
SORTS = [
    ("relevance", "Best match"),
    ("name", "Name (A–Z)"),
    ("established", "Oldest first"),
    ("-established", "Newest first"),
    ("members", "Most members"),
]
FACETS = ["topic", "region", "country", "type", "field", "status", "host"]


class CountryCodeField(forms.ModelChoiceField):
    """An ISO 3166-1 alpha-2 (or sub-national) code in any case; checked for shape before any query."""

    default_error_messages = {"invalid_choice": "No country or jurisdiction has the code “%(value)s”."}

    def to_python(self, value):
        code = (value or "").strip().upper()
        if code in self.empty_values:
            return None
        unknown = ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        if not CODE_RE.match(code):
            raise unknown
        try:
            return super().to_python(code)
        except ValidationError:
            raise unknown from None


class HostField(forms.CharField):
    """The slug of a network or organisation that hosts at least one network (one query to check)."""

    def clean(self, value):
        slug = super().clean(value)
        if not slug:
            return None
        hosts = Relation.objects.filter(kind=Relation.Kind.HOSTED_BY)
        if not hosts.filter(Q(target_network__slug=slug) | Q(target_organisation__slug=slug)).exists():
            raise ValidationError("No network or organisation “%(value)s” hosts a network.", params={"value": slug})
        return slug


class CountryFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField


class HostFilter(django_filters.Filter):
    field_class = HostField


class NetworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_q", max_length=MAX_QUERY_LENGTH, strip=True)
    topic = django_filters.ModelMultipleChoiceFilter(
        label="Topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        error_messages={"invalid_choice": "There is no topic “%(value)s”."},
    )
    region = django_filters.ModelChoiceFilter(
        label="Region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        error_messages={"invalid_choice": "There is no region with that name."},
    )
    country = CountryFilter(
        label="Country or jurisdiction",
        queryset=Jurisdiction.objects.select_related("parent"),
        to_field_name="code",
        method="filter_country",
    )
    type = django_filters.ChoiceFilter(label="Type", choices=Network.Type.choices)
    field = django_filters.ChoiceFilter(label="Field", choices=Network.Field.choices)
    status = django_filters.ChoiceFilter(label="Status", choices=Network.Status.choices)
    host = HostFilter(label="Hosted by", method="filter_host", max_length=120)
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, method="filter_sort")

    class Meta:
        model = Network
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        self.notices = []
        self.search = None
        if data is not None:
            if not isinstance(data, QueryDict):  # a plain dict, e.g. from another caller than a view
                data = _as_query_dict(data)
            data = self._without_control_characters(data)
        super().__init__(data, queryset if queryset is not None else Network.objects.public(), **kwargs)

    def _without_control_characters(self, data):
        cleaned = data.copy()
        for key in cleaned:
            values = cleaned.getlist(key)
            safe = [clean_text(value) for value in values]
            if safe != values:
                cleaned.setlist(key, safe)
                self.notices.append("Control characters in the address were removed.")
        return cleaned

    # Filters -----------------------------------------------------------------

    def filter_q(self, queryset, name, value):
        return self._search(value).restrict(queryset)

    def _search(self, value):
        # The text search runs once (NetworkSearch.matching_ids); the list and the facets reuse its ids.
        if self.search is None:
            self.search = NetworkSearch(value)
        return self.search

    def filter_topic(self, queryset, name, topics):
        # Every chosen topic must apply: each choice narrows the list.
        for topic in topics:
            queryset = queryset.filter(pk__in=Network.topics.through.objects.filter(topic=topic).values("network"))
        return queryset

    # Networks with a current member in a region or country: the facet index holds them, which
    # spares the list and its count a join over every current membership (150 ms on SQLite).
    def filter_region(self, queryset, name, region):
        return queryset.filter(pk__in_ids=self.index.network_ids(self.index.mask("region", region.pk)))

    def filter_country(self, queryset, name, jurisdiction):
        return queryset.filter(pk__in_ids=self.index.network_ids(self.index.mask("country", jurisdiction.code)))

    @cached_property
    def index(self):
        return facet_index()

    def filter_host(self, queryset, name, slug):
        hosted = Relation.objects.filter(kind=Relation.Kind.HOSTED_BY).filter(
            Q(target_network__slug=slug) | Q(target_organisation__slug=slug)
        )
        return queryset.filter(pk__in=hosted.values("network"))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, once every filter is in

    # Results -----------------------------------------------------------------

    @property
    def qs(self):
        """The filtered list with member counts, in the chosen order (also when nothing is filtered)."""
        if not hasattr(self, "_qs"):
            queryset = self.queryset.all()
            if self.is_bound:
                self.is_valid()  # fills cleaned_data; invalid values are reported, not applied
                queryset = self.filter_queryset(queryset)
            if self.sort_name() == "relevance":
                queryset = self.search.ranked(queryset)  # computed for the matching rows only
            self._qs = queryset.with_member_counts().order_by(*self.ordering())
        return self._qs

    def sort_name(self):
        """The sort in force: the valid choice, else best match when searching, else name."""
        sort = self.form.cleaned_data.get("sort") if self.is_bound and self.is_valid_field("sort") else None
        searching = self.is_bound and bool(self.form.cleaned_data.get("q"))
        sort = sort or ("relevance" if searching else "name")
        return "name" if sort == "relevance" and not searching else sort

    def ordering(self):
        return {
            "relevance": [F("search_rank").desc(), "name"],
            "established": [F("established").asc(nulls_last=True), "name"],
            "-established": [F("established").desc(nulls_last=True), "name"],
            "members": [F("member_count").desc(nulls_last=True), "name"],
        }.get(self.sort_name(), ["name"])

    def is_valid_field(self, name):
        return name not in self.form.errors

    def count(self):
        """How many public networks the valid filters select (from the facet index, no query)."""
        return self._selected().bit_count()

    def members_page(self, offset, limit):
        """One page of the list in "Most members" order, which the facet index keeps (one query)."""
        ids = self.index.ordered_ids(self._selected(), "by_members", offset, limit)
        found = {network.pk: network for network in self.queryset.filter(pk__in_ids=ids).with_member_counts()}
        return [found[pk] for pk in ids if pk in found]

    def _selected(self, skip=None):
        """The bitset of the networks every valid filter but `skip` selects."""
        mask = self.index.everything
        for name, chosen in self._chosen_masks.items():
            if name != skip:
                mask &= chosen
        return mask

    def facets(self):
        """Every filter's options, each with the number of public networks choosing it would give.

        Each facet counts against the list filtered by every other facet; topics combine (each
        narrows), so their counts include the topics chosen. Counts come from the facet index,
        in memory: no query but the search's, which the list shares.
        """
        index = self.index
        selected = {name: set(self.data.getlist(name)) if self.is_bound else set() for name in index.options}
        selected["country"] = {value.upper() for value in selected["country"]}
        facets = {}
        for name, options in index.options.items():
            counts = index.counts(name, self._selected(skip=None if name == "topic" else name))
            facets[name] = []
            for option in options:
                value = option.get("slug", option["value"])
                count = counts.get(option["value"], 0)
                is_selected = str(value) in selected[name]
                if name in ("country", "host") and not count and not is_selected:
                    continue  # hundreds of options that would give nothing
                facets[name].append({**option, "value": value, "count": count, "selected": is_selected})
        country = self.form.cleaned_data["country"] if "country" in self._chosen_masks else None
        if country and country.code not in {option["value"] for option in facets["country"]}:
            facets["country"].append({"value": country.code, "label": country.name, "count": None, "selected": True})
        return facets

    @cached_property
    def _chosen_masks(self):
        """{filter name: the networks its valid value selects}, for every filter in use but the sort."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data (once)
        index = self.index
        masks = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "") or name == "sort" or (name == "topic" and not len(value)):
                continue
            if name == "q":
                masks[name] = index.mask_of_ids(self._search(value).matching_ids())
            elif name == "topic":
                masks[name] = index.everything
                for topic in value:
                    masks[name] &= index.mask("topic", topic.slug)
            else:
                key = value.pk if name == "region" else value.code if name == "country" else value
                masks[name] = index.mask(name, key)
        return masks

    @property
    def errors_as_messages(self):
        """One sentence per rejected value, to show above the results."""
        messages = list(self.notices)
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            messages += [f"{label}: {error} This filter was ignored." for error in errors]
        return messages

    def active_filters(self, facets):
        """Every filter value in use, valid or not, with its label and the query string without it."""
        if not self.is_bound:
            return []
        chips = []
        for name in ["q", *FACETS]:
            labels = {str(option["value"]).lower(): option["label"] for option in facets.get(name, [])}
            for value in self.data.getlist(name):
                if not value:
                    continue
                rest = self.data.copy()
                rest.setlist(name, [other for other in rest.getlist(name) if other != value])
                rest.pop("page", None)
                chips.append(
                    {
                        "label": self.filters[name].label,
                        "value": labels.get(value.lower(), value),
                        "remove": rest.urlencode(),
                    }
                )
        return chips


class SubqueryCount(Subquery):
    """The number of rows a correlated subquery returns (give it `.values(...).distinct()` to count distinct)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _as_query_dict(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)])
    return query


def country_memberships(jurisdiction):
    """Current memberships of a jurisdiction or of its sub-national jurisdictions."""
    return Membership.objects.current().filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction__parent=jurisdiction))
