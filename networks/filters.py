"""The catalogue's filters (django-filter), their facet counts and the list's sort orders.

`NetworkFilter(request.GET).qs` is the filtered, sorted list the public page shows; the CSV
download reuses it. Relational filters select by `pk__in` subqueries, so no join multiplies
rows and no `distinct()` is needed. Invalid values never raise: the form reports them and
the filter is left out (see `NetworkFilter.notices`).
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, F, IntegerField, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict

from countries.models import Jurisdiction, Region

from .memo import catalogue_memo
from .models import Membership, Network, Relation, Topic
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
        self._ids_read = {}  # filter name -> network ids read once (SQLite, see _network_ids)
        self.whole_catalogue = queryset is None  # the public catalogue, whose facets may be memoised
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
        # The text search runs once (NetworkSearch.matching_ids); the list and each facet reuse its ids.
        if self.search is None:
            self.search = NetworkSearch(value)
        return self.search.restrict(queryset)

    def filter_topic(self, queryset, name, topics):
        # Every chosen topic must apply: each choice narrows the list.
        for topic in topics:
            queryset = queryset.filter(pk__in=Network.topics.through.objects.filter(topic=topic).values("network"))
        return queryset

    def filter_region(self, queryset, name, region):
        members = Membership.objects.current().filter(jurisdiction__in=Jurisdiction.objects.in_region(region))
        return queryset.filter(pk__in=self._network_ids(name, members.values_list("network", flat=True)))

    def filter_country(self, queryset, name, jurisdiction):
        network_ids = country_memberships(jurisdiction).values_list("network", flat=True)
        return queryset.filter(pk__in=self._network_ids(name, network_ids))

    def _network_ids(self, name, subquery):
        """The networks a membership filter selects, as a subquery or, on SQLite, a list read once.

        The list and every facet apply the filter again. PostgreSQL plans the subquery well each
        time; SQLite re-reads the memberships in each of the nine queries (150 ms apiece at
        325,000 memberships), so there it is read once per request and reused.
        """
        if connection.vendor != "sqlite":
            return subquery
        if name not in self._ids_read:
            self._ids_read[name] = list(subquery.order_by().distinct())
        return self._ids_read[name]

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
                queryset = self.filter_queryset_except(queryset, skip=None)
            if self.sort_name() == "relevance":
                queryset = self.search.ranked(queryset)  # computed for the matching rows only
            self._qs = queryset.with_member_counts().order_by(*self.ordering())
        return self._qs

    def filter_queryset_except(self, queryset, skip):
        """The list with every valid filter but `skip`: what a facet's options are counted against."""
        for name, value in self.form.cleaned_data.items():
            if name != skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

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

    def facets(self):
        """Every filter's options, each with the number of networks choosing it would give.

        One query per facet (two for regions); each counts against the list filtered by every
        other facet. Topics combine (each narrows), so their counts include the topics chosen.
        The unfiltered catalogue's facets are the same for every visitor: they are memoised.
        """
        if self.whole_catalogue and not self._is_filtered():
            facets = catalogue_memo("unfiltered-facets", self._facets)
        else:
            facets = self._facets()
        selected = {name: set(self.data.getlist(name)) if self.is_bound else set() for name in facets}
        selected["country"] = {value.upper() for value in selected["country"]}
        for name, options in facets.items():
            for option in options:
                option["selected"] = option["value"] in selected[name]
        return facets

    def _is_filtered(self):
        """Whether any valid filter narrows the list (the sort does not)."""
        cleaned = self.form.cleaned_data if self.is_bound else {}
        return any(
            value not in (None, "") and (name != "topic" or len(value))
            for name, value in cleaned.items()
            if name != "sort"
        )

    def _facets(self):
        chosen = self.form.cleaned_data if self.is_bound else {}

        def base(skip):
            queryset = self.queryset.all()
            if self.is_bound:
                queryset = self.filter_queryset_except(queryset, skip)
            return queryset.values("pk")

        topics = Topic.objects.annotate(n=Count("networks", filter=Q(networks__in=base("sort")), distinct=True))
        facets = {
            "topic": [
                {"value": t.slug, "label": t.name, "group": t.get_facet_display(), "count": t.n}
                for t in topics.order_by("facet", "name")
            ],
            "region": self._region_options(base("region")),
            "country": self._country_options(base("country"), chosen.get("country")),
            "host": [
                {"value": row["slug"], "label": row["name"], "count": row["n"]}
                for row in Relation.objects.filter(kind=Relation.Kind.HOSTED_BY)
                .values(
                    slug=Coalesce("target_network__slug", "target_organisation__slug"),
                    name=Coalesce("target_network__name", "target_organisation__name"),
                )
                .annotate(n=Count("network", filter=Q(network__in=base("host")), distinct=True))
                .order_by("name")
            ],
        }
        for name in ("type", "field", "status"):
            counts = count_by(base(name), name)
            facets[name] = [
                {"value": value, "label": label, "count": counts.get(value, 0)}
                for value, label in self.filters[name].extra["choices"]
            ]
        return facets

    def _region_options(self, network_ids):
        counts = member_region_counts(network_ids)
        rows = parent_first(list(Region.objects.values("pk", "slug", "name", "parent_id")))
        return [
            {
                "value": row["slug"],
                "label": row["name"],
                "indent": "\u00a0\u00a0\u00a0" * row["depth"],  # sub-regions under their region in a <select>
                "count": counts.get(row["pk"], 0),
            }
            for row in rows
        ]

    def _country_options(self, network_ids, chosen):
        options = [{"value": code, "label": name, "count": n} for code, name, n in member_country_counts(network_ids)]
        if chosen is not None and chosen.code not in {option["value"] for option in options}:
            options.append({"value": chosen.code, "label": chosen.name, "count": None})
        return options

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


def count_by(queryset, field):
    """{value: number of networks} for one column (one query)."""
    rows = queryset.order_by().values(field).annotate(n=Count("pk"))
    return {row[field]: row["n"] for row in rows}


def parent_first(rows, parent_key="parent_id"):
    """Order regions as a tree (region, its sub-regions, their intermediate regions) with a depth."""
    children = {}
    for row in rows:
        children.setdefault(row[parent_key], []).append(row)
    ordered = []

    def walk(parent, depth):
        for row in sorted(children.get(parent, []), key=lambda r: r["name"]):
            ordered.append({**row, "depth": depth})
            walk(row["pk"], depth + 1)

    walk(None, 0)
    return ordered


def member_region_counts(network_ids):
    """{region pk: networks with a current member there}, at every M49 level (one query)."""
    current = Membership.objects.current().filter(network__in=network_ids, jurisdiction__isnull=False).order_by()
    levels = ["jurisdiction__region", "jurisdiction__subregion", "jurisdiction__intermediate_region"]
    grouped = [
        current.filter(**{f"{level}__isnull": False})
        .values(region_pk=F(level))
        .annotate(n=Count("network", distinct=True))
        .values("region_pk", "n")
        for level in levels
    ]
    rows = grouped[0].union(*grouped[1:], all=True)
    return {row["region_pk"]: row["n"] for row in rows}


def member_country_counts(network_ids):
    """[(code, name, n)] for every country with a current member (itself or a sub-national unit) (one query)."""
    rows = (
        Membership.objects.current()
        .filter(network__in=network_ids, jurisdiction__isnull=False)
        .order_by()
        .values(
            code=Coalesce("jurisdiction__parent__code", "jurisdiction__code"),
            name=Coalesce("jurisdiction__parent__name", "jurisdiction__name"),
        )
        .annotate(n=Count("network", distinct=True))
    )
    return sorted(((row["code"], row["name"], row["n"]) for row in rows), key=lambda row: row[1])
