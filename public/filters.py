"""The catalogue's filters (django-filter), their facet counts and the list's sort orders.

`NetworkFilter(request.GET).qs` is the filtered, sorted list the public page shows; the CSV
download reuses it. Relational filters select by `pk__in` (subqueries, or for regions and
countries the ids in the facet index), so no join multiplies rows and no `distinct()` is
needed. Facet counts come from the facet index's bitsets, not from the database. Invalid
values never raise: the form reports them and the filter is left out (see `NetworkFilter.notices`).
"""

import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, IntegerField, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from countries.forms import CountryFilter
from countries.models import Region
from networks.dating import past_day
from networks.models import Membership, Network, Relation, Topic

from .as_of import PARAMETER as AS_OF
from .facet_index import facet_index
from .search import NetworkSearch, clean_text

MAX_QUERY_LENGTH = 200
# Bounds on what a query string may ask (issue 11, point 12): a topic filter takes at most
# MAX_VALUES topics (they combine, so more would select nothing), every other filter one value,
# and the whole address at most MAX_PARAMETERS values. Over a bound, the filter is refused with a
# message naming it, never applied in part: chips and links repeat the values in force, so
# unbounded repeats made the page grow with their square.
MAX_VALUES = 20
MAX_PARAMETERS = 60
MULTI_VALUED = {"topic"}


def given_more_than_once(count):
    """The refusal of a parameter that takes one value, given `count` times (downloads, the API)."""
    return _("given %(count)s times; it takes one value.") % {"count": count}


CODE_RE = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
SORTS = [
    ("relevance", gettext_lazy("Best match")),
    ("name", gettext_lazy("Name (A–Z)")),
    ("established", gettext_lazy("Oldest first")),
    ("-established", gettext_lazy("Newest first")),
    ("members", gettext_lazy("Most members")),
]
FACETS = ["topic", "region", "country", "type", "field", "status", "host"]
# At most this many hosts are offered: those with most networks in the list (1,253 hosts made the
# unfiltered list weigh 190 KB, 150 of them the host <select>, which no one scrolls through anyway).
HOST_OPTIONS = 100


class BoundedForm(forms.Form):
    """The filters' form; `refused` ({filter name: message}) lists the filters given too many values."""

    refused = {}

    def clean(self):
        cleaned = super().clean()
        for name, message in self.refused.items():
            self.add_error(name, message)
        return cleaned


class HostField(forms.CharField):
    """The slug of a network or organisation that hosts or hosted at least one network (one query to check).

    Any day's host is a valid choice: on a list read as of a day before it hosted anything, it selects nothing.
    """

    def clean(self, value):
        slug = super().clean(value)
        if not slug:
            return None
        hosts = Relation.objects.filter(kind=Relation.Kind.HOSTED_BY)
        if not hosts.filter(Q(target_network__slug=slug) | Q(target_organisation__slug=slug)).exists():
            raise ValidationError("No network or organisation “%(value)s” hosts a network.", params={"value": slug})
        return slug


class HostFilter(django_filters.Filter):
    field_class = HostField


class EveryValueNamedField(django_filters.fields.ModelMultipleChoiceField):
    """A multiple choice that names every value matching nothing, in the order given (Django's names one of
    them, which one varying between requests)."""

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
        given = list(dict.fromkeys(str(v) for v in value))
        found = {str(v) for v in self.queryset.filter(**{f"{self.to_field_name}__in": given}).values_list(
            self.to_field_name, flat=True
        )}  # fmt: skip
        message = self.error_messages["invalid_choice"]
        raise ValidationError(
            [ValidationError(message, code="invalid_choice", params={"value": v}) for v in given if v not in found]
        )


class EveryValueNamedFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = EveryValueNamedField


class NetworkFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=gettext_lazy("Search"), method="filter_q", max_length=MAX_QUERY_LENGTH, strip=True
    )
    topic = EveryValueNamedFilter(
        label=gettext_lazy("Topics"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        error_messages={"invalid_choice": gettext_lazy("There is no topic “%(value)s”.")},
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        error_messages={"invalid_choice": gettext_lazy("There is no region with that name.")},
    )
    country = CountryFilter(label=gettext_lazy("Country or jurisdiction"), method="filter_country")
    type = django_filters.ChoiceFilter(label=gettext_lazy("Type"), choices=Network.Type.choices)
    field = django_filters.ChoiceFilter(label=pgettext_lazy("network field", "Field"), choices=Network.Field.choices)
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=Network.Status.choices)
    host = HostFilter(label=gettext_lazy("Hosted by"), method="filter_host", max_length=120)
    sort = django_filters.ChoiceFilter(label=gettext_lazy("Sort by"), choices=SORTS, method="filter_sort")

    class Meta:
        model = Network
        fields = []
        form = BoundedForm

    def __init__(self, data=None, queryset=None, **kwargs):
        self.notices = []
        self.refused = {}
        self.search = None
        self.hosts_cut = False  # set by facets()
        if data is not None:
            if not isinstance(data, QueryDict):  # a plain dict, e.g. from another caller than a view
                data = _as_query_dict(data)
            data = self._bounded(self._without_control_characters(data))
        super().__init__(data, queryset if queryset is not None else Network.objects.public(), **kwargs)

    @property
    def form(self):
        form = super().form
        form.refused = self.refused
        return form

    def _bounded(self, data):
        """The filters' values without repeats or blanks; filters over their bound go to `refused` (no query)."""
        given = sum(len(values) for _key, values in data.lists())
        bounded = QueryDict(mutable=True)
        for key, values in data.lists():
            values = [value for value in dict.fromkeys(values) if value != ""]
            if not values:
                continue  # only blanks: not in use
            if key not in self.base_filters:
                bounded.setlist(key, values)
                continue
            limit = MAX_VALUES if key in MULTI_VALUED else 1
            if given > MAX_PARAMETERS:
                self.refused[key] = _(
                    "the address has %(given)s parameters and at most %(limit)s are read (parameter “%(name)s”)."
                ) % {"given": given, "limit": MAX_PARAMETERS, "name": key}
            elif len(values) > limit:
                self.refused[key] = ngettext(
                    "the address gives %(count)s values and only one is read (parameter “%(name)s”).",
                    "the address gives %(count)s values and at most %(limit)s are read (parameter “%(name)s”).",
                    limit,
                ) % {"count": len(values), "limit": limit, "name": key}
            else:
                bounded.setlist(key, values)
        return bounded

    def _without_control_characters(self, data):
        cleaned = data.copy()
        for key in cleaned:
            values = cleaned.getlist(key)
            safe = [clean_text(value) for value in values]
            if safe != values:
                cleaned.setlist(key, safe)
                self.notices.append(_("Control characters in the address were removed."))
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

    # A region selects the networks its page lists: declared scope overlapping it, or, for networks
    # declaring no region, a current participant there (FacetIndex). A country selects the networks
    # it or one of its sub-national jurisdictions currently takes part in. The facet index holds
    # both, which spares the list and its count a join over every current membership (150 ms on SQLite).
    def filter_region(self, queryset, name, region):
        return queryset.filter(pk__in_ids=self.index.network_ids(self.index.mask("region", region.pk)))

    def filter_country(self, queryset, name, jurisdiction):
        return queryset.filter(pk__in_ids=self.index.network_ids(self.index.mask("country", jurisdiction.code)))

    @cached_property
    def index(self):
        return facet_index()

    def filter_host(self, queryset, name, slug):
        hosted = (
            Relation.objects.current()
            .filter(kind=Relation.Kind.HOSTED_BY)
            .filter(Q(target_network__slug=slug) | Q(target_organisation__slug=slug))
        )
        return queryset.filter(pk__in=hosted.values("network"))

    def filter_sort(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, once every filter is in

    # Results -----------------------------------------------------------------

    @property
    def qs(self):
        """The filtered list with member counts, in the chosen order (also when nothing is filtered)."""
        if not hasattr(self, "_qs"):
            self._qs = self._filtered().with_member_counts().order_by(*self.ordering())
        return self._qs

    def _filtered(self):
        """The networks the valid filters select, with the search's rank when sorting by best match."""
        queryset = self.queryset.all()
        if self.is_bound:
            self.is_valid()  # fills cleaned_data; invalid values are reported, not applied
            queryset = self.filter_queryset(queryset)
        if self.sort_name() == "relevance":
            queryset = self.search.ranked(queryset)  # computed for the matching rows only
        return queryset

    def page(self, offset, limit):
        """One page of the list in the chosen order, with the member figures of `qs` (one query).

        The list page's networks: the name, "Most members" and best-match orders come from the facet
        index and the search's ranks in memory, and the member figures from the facet index; only the
        older-first orders are sorted by the database. Building `qs` (member counts as subqueries, ranks
        as an SQL expression) cost a third of a list request.
        """
        sort, selected = self.sort_name(), self._selected()  # the search runs (once) for _selected
        if sort == "relevance":
            ids = self._relevance_ids(selected, offset, limit)
        elif sort in ("name", "members"):
            ids = self.index.ordered_ids(selected, f"by_{sort}", offset, limit)
        else:
            return self.index.with_figures(list(self._filtered().order_by(*self.ordering())[offset : offset + limit]))
        found = {network.pk: network for network in self.queryset.filter(pk__in_ids=ids)}
        return self.index.with_figures([found[pk] for pk in ids if pk in found])

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
            # Listed members, else the member figure a source states (as the facet index ranks them).
            "members": [Coalesce("member_count", "stated_member_count").desc(nulls_last=True), "name"],
        }.get(self.sort_name(), ["name"])

    def is_valid_field(self, name):
        return name not in self.form.errors

    def count(self):
        """How many public networks the valid filters select (from the facet index, no query)."""
        return self._selected().bit_count()

    def _relevance_ids(self, selected, offset, limit):
        """Ids of one page in best-match order, from the search's ranks in memory.

        Sorting by a rank in SQL made SQLite compute every matching network's member counts before
        keeping twenty (1,800 rows for a common word). Two sorts by built-in keys take a quarter of the time
        of one by a Python key, and only the matching networks are walked, not the catalogue.
        """
        ranks = self.search.ranks
        ids = self.index.ids_within(selected, ranks)
        ids.sort(key=self.index.name_rank.__getitem__)
        ids.sort(key=ranks.__getitem__, reverse=True)  # stable: equal ranks stay in name order
        return ids[offset : offset + limit]

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
        in_force = self.link_data()
        options = index.options()
        selected = {name: set(in_force.getlist(name)) for name in options}
        country = self.form.cleaned_data.get("country") if "country" in self._chosen_masks else None
        selected["country"] = {country.code} if country else set()
        facets = {}
        for name, facet_options in options.items():
            counts = index.counts(name, self._selected(skip=None if name == "topic" else name))
            offered = None  # every option; for country and host, those that would give something
            if name in ("country", "host"):
                offered = {value for value, count in counts.items() if count}
            if name == "host" and len(offered) > HOST_OPTIONS:
                self.hosts_cut = True
                offered = set(sorted(offered, key=lambda value: (-counts[value], value))[:HOST_OPTIONS])  # ties by slug
            facets[name] = []
            for option in facet_options:
                value = option.get("slug", option["value"])
                is_selected = str(value) in selected[name]
                if offered is not None and option["value"] not in offered and not is_selected:
                    continue  # hundreds of options that would give nothing, or hosts of few networks
                count = counts.get(option["value"], 0)
                facets[name].append(
                    FacetOption(
                        value,
                        option["label"],
                        count,
                        is_selected,
                        option.get("group"),
                        option.get("indent", ""),
                        option.get("slug"),
                        option.get("depth", 0),
                    )
                )
        if country and country.code not in {option.value for option in facets["country"]}:
            facets["country"].append(FacetOption(country.code, country.name, None, True))
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
        messages = list(dict.fromkeys(self.notices))
        for name, errors in self.form.errors.items():
            label = self.filters[name].label if name in self.filters else name
            messages += [
                _("%(label)s: %(error)s This filter was ignored.") % {"label": label, "error": error}
                for error in errors
            ]
        return messages

    def link_data(self):
        """The filters in force as a QueryDict: valid values only, for links that keep them (no query).

        Refused or unknown parameters are left out, so a bad or repeated value is never carried
        into every link of the page.
        """
        data = QueryDict(mutable=True)
        if past_day():  # a list read as of another day keeps it in every link
            data[AS_OF] = past_day().isoformat()
        if not self.is_bound:
            return data
        self.is_valid()
        for name in self.filters:
            if name not in self.form.errors and self.data.getlist(name):
                data.setlist(name, self.data.getlist(name))
        return data

    def country_alternatives(self):
        """Jurisdictions to offer instead of a refused country: the candidates of an ambiguous name, or near names."""
        if not self.is_bound or "country" not in self.form.errors:
            return []
        return self.form.fields["country"].alternatives

    def active_filters(self, facets):
        """Every filter value in force, with its label and the query string without it (refused ones are not)."""
        in_force = self.link_data()
        in_force.pop("sort", None)
        chips = []
        country = self.form.cleaned_data.get("country") if "country" in in_force else None
        for name in ["q", *FACETS]:
            labels = {str(option["value"]).lower(): option["label"] for option in facets.get(name, [])}
            for value in in_force.getlist(name):
                rest = self.link_data()
                rest.setlist(name, [other for other in rest.getlist(name) if other != value])
                shown = country.name if name == "country" else labels.get(value.lower(), value)
                chips.append({"label": self.filters[name].label, "value": shown, "remove": rest.urlencode()})
        return chips


@dataclass(slots=True)
class FacetOption:
    """One option of a facet as the list page shows it. Attributes, not a dict: Jinja2 reads a dict's
    keys only after failing to read an attribute, which made the page's 400 options cost 4 ms instead of 1.7."""

    value: object
    label: str
    count: int | None
    selected: bool
    group: str | None = None  # topics: the facet heading
    indent: str = ""  # regions: no-break spaces by depth
    slug: str | None = None  # regions: what the address shows
    depth: int = 0

    def __getitem__(self, key):
        return getattr(self, key)


class SubqueryCount(Subquery):
    """The number of rows a correlated subquery returns (give it `.values(...).distinct()` to count distinct)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _as_query_dict(data):
    query = QueryDict(mutable=True)
    for key, value in data.items():
        query.setlist(key, [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)])
    return query


def country_memberships(*jurisdictions, former=False):
    """Current memberships of the jurisdictions or of their sub-national jurisdictions; ended ones too if `former`."""
    memberships = Membership.objects.current_or_ended() if former else Membership.objects.current()
    return memberships.filter(Q(jurisdiction__in=jurisdictions) | Q(jurisdiction__parent__in=jurisdictions))
