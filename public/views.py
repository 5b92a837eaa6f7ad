"""Public pages of the catalogue: home, the filtered list, a network, a topic, a comparison."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView
from django_filters.views import FilterView

from countries.models import Region
from library.models import Document
from meetings.models import Meeting
from networks.models import ContactPoint, Membership, Network, NetworkSource, Relation, StatedCount, Topic
from registry.identifiers import former_target
from registry.languages import by_name, name_order_key
from registry.translated import shown_text

from .compare import MAX_COUNTRY_CHOICES, MAX_NETWORKS, MAX_VALUE_LENGTH, CompareForm
from .facet_index import facet_index
from .filters import MAX_QUERY_LENGTH, SORTS, NetworkFilter, country_memberships
from .graphs import layout, network_graph
from .linked_data import network_alternates, network_json_ld, with_link_header
from .maps import network_map
from .memo import catalogue_memo
from .pages import LinkBuilder, compare, contact_rows, entry_confirmation, members_by_role, relations_both_ways
from .params import MAX_PAGE, whole_number

PAGE_SIZE = 20
MAX_COMPARE_VALUES = 50  # networks named in a comparison's address that are read at all
# Topic and region pages list this many networks by name and link to the filtered list for the rest.
LANDING_PAGE_NETWORKS = 50


def home(request):
    """Search box, the catalogue's size and ways in by topic, region and type.

    The same for every visitor until the catalogue changes: memoised (one query when it is,
    seven when it is not).
    """
    return render(request, "networks/home.html", catalogue_memo("home", _home_context))


def _home_context():
    index = facet_index()
    totals = Network.objects.public().aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(status=Network.Status.ACTIVE))
    )
    members = Membership.objects.current().filter(jurisdiction__isnull=False)
    region_counts = index.counts("region", index.everything)
    type_counts = index.counts("type", index.everything)
    return {
        "totals": totals,
        "jurisdiction_total": members.values("jurisdiction").distinct().count(),
        "topics": _by_facet_and_name(Topic.objects.annotate(network_count=Count("networks"))),
        "regions": [
            (region, region_counts.get(region.pk, 0))
            for region in by_name(Region.objects.filter(level=Region.Level.REGION))
        ],
        "types": [(value, label, type_counts[value]) for value, label in Network.Type.choices if value in type_counts],
    }


class ForgivingPaginator(Paginator):
    """A page number that is not one shows the first page, one past the end the last, instead of a 404."""

    def validate_number(self, number):
        text = str(number)
        try:
            return min(whole_number(text, minimum=1, maximum=MAX_PAGE), self.num_pages)
        except ValueError:
            too_far = text.isascii() and text.isdigit() and text.strip("0")
            return self.num_pages if too_far else 1


class NetworkListView(FilterView):
    """The catalogue filtered by the query string (queries: see tests/test_public_list.py)."""

    filterset_class = NetworkFilter
    template_name = "networks/network_list.html"
    context_object_name = "networks"
    paginate_by = PAGE_SIZE
    paginator_class = ForgivingPaginator
    strict = False  # an invalid value is reported and left out, the other filters still apply

    def get(self, request, *args, **kwargs):
        # As FilterView.get, without building `filterset.qs`: the page's networks come from filterset.page().
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = range(self.filterset.count())  # the facet index counts the list: no COUNT query
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        requested = self.request.GET.get("page") or "1"
        page = paginator.page(paginator.validate_number(requested))
        page.object_list = self.filterset.page((page.number - 1) * page_size, page_size)
        self.page_notice = None
        if requested != str(page.number):
            shown = _("showing page %(number)s of %(total)s") % {"number": page.number, "total": paginator.num_pages}
            written = requested if len(requested) <= 20 else requested[:20] + "…"
            notice = {"page": written, "shown": shown}
            if requested.isascii() and requested.isdigit():
                self.page_notice = _("There is no page “%(page)s”; %(shown)s.") % notice
            else:
                notice["reason"] = _("a page number is written with the digits 0–9")
                self.page_notice = _("There is no page “%(page)s” (%(reason)s); %(shown)s.") % notice
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        page = context["page_obj"]
        country = filterset.form.cleaned_data.get("country") if filterset.is_bound else None
        # A search naming a country lists the networks it belongs or belonged to: its roles, former ones marked.
        named = filterset.search.places if country is None and filterset.search else []
        networks = with_topic_links(list(page.object_list))
        if country or named:
            prefetch_related_objects(
                networks,
                Prefetch(
                    "memberships",
                    queryset=country_memberships(*([country] if country else named), former=not country)
                    .select_related("jurisdiction")
                    .order_by("jurisdiction__name", "role"),
                    to_attr="country_memberships",
                ),
            )
        messages = filterset.errors_as_messages + ([self.page_notice] if self.page_notice else [])
        data = filterset.link_data()  # the filters in force; refused values are not carried into links
        q_value = filterset.data.get("q", "")[:MAX_QUERY_LENGTH] if filterset.is_bound else ""
        facets = filterset.facets()
        any_labels = {"type": _("Any type"), "field": _("Any field"), "status": _("Any status"), "host": _("Any host")}
        context.update(
            networks=networks,
            facets=facets,
            select_facets=[
                (name, filterset.filters[name].label, any_label, facets[name]) for name, any_label in any_labels.items()
            ],
            hosts_cut=filterset.hosts_cut,
            messages_list=messages,
            search=filterset.search,
            sorts=SORTS,
            current_sort=data.get("sort", ""),
            q_value=q_value,
            querystring=data.urlencode(),
            active_filters=filterset.active_filters(facets),
            country_alternatives=[(j, _with(data, country=j.code.lower())) for j in filterset.country_alternatives()],
        )
        return context


class NetworkDetailView(DetailView):
    """Everything public about one network (thirteen queries whatever its size)."""

    template_name = "networks/network_detail.html"
    context_object_name = "network"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A slug the network had before, or its registry identifier: 301 to the current address.
            moved = former_target(Network, kwargs["slug"])
            if moved is None or moved.slug == kwargs["slug"]:
                raise
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(moved.get_absolute_url() + (f"?{query}" if query else ""))

    def render_to_response(self, context, **kwargs):
        return with_link_header(super().render_to_response(context, **kwargs), context["alternates"])

    def get_queryset(self):
        return Network.objects.public().prefetch_related(
            "topics",
            "aliases",
            "regions",
            Prefetch("stated_counts", queryset=StatedCount.objects.select_related("source")),
            # Relations in force on the reference day (today, or the day the page is read as of).
            # The relations' own network is this one (the prefetch sets it): only their targets are joined.
            Prefetch(
                "relations",
                queryset=Relation.objects.current().select_related("target_network", "target_organisation"),
            ),
            Prefetch("incoming_relations", queryset=Relation.objects.current().select_related("network", "source")),
            Prefetch(
                "memberships_held",
                queryset=Membership.objects.current()
                .select_related("network")
                .only("role", "member_network_id", "network__slug", "network__name", "network__acronym")
                .order_by("network__name"),
            ),
            Prefetch("source_links", queryset=NetworkSource.objects.select_related("source").order_by("source__title")),
            # Meetings and documents the viewer may see: the audience rule is applied here, once.
            Prefetch(
                "meetings",
                queryset=Meeting.objects.visible_to(self.request.user).order_by("-start", "title"),
                to_attr="visible_meetings",
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.visible_to(self.request.user).order_by("-date", "title"),
                to_attr="visible_documents",
            ),
        )

    def get_context_data(self, **kwargs):
        network = self.object
        groups, ended = members_by_role(network.memberships.member_rows(), network.stated_counts.all())
        return super().get_context_data(
            linked_data=network_json_ld(network, groups, ended, self.request),
            alternates=network_alternates(self.request, network),
            role_groups=groups,
            member_map=network_map(network, groups),
            relations_graph=layout(
                *network_graph(
                    network,
                    network.relations.all(),
                    network.incoming_relations.all(),
                    LinkBuilder(),
                    reverse("network-list"),
                )
            ),  # fmt: skip
            ended_memberships=ended,
            confirmation=entry_confirmation(network, network.source_links.all()),
            hosts=[r.target for r in network.relations.all() if r.kind == Relation.Kind.HOSTED_BY],
            relations=relations_both_ways(network.relations.all(), network.incoming_relations.all()),
            # Visibility is decided here, once, by the queryset: templates never filter contact points.
            contacts=contact_rows(ContactPoint.objects.visible_to(self.request.user).filter(network=network)),
            **kwargs,
        )


class TopicDetailView(DetailView):
    """A topic and its first networks by name (four queries: topic, the catalogue version, networks, their topics).

    The facet index knows the topic's networks, their name order and member figures.
    """

    template_name = "networks/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        index = facet_index()
        on_topic = index.mask("topic", self.object.slug)
        ids = index.ordered_ids(on_topic, "by_name", 0, LANDING_PAGE_NETWORKS)
        found = Network.objects.public().filter(pk__in_ids=ids).in_bulk()
        networks = index.with_figures([found[pk] for pk in ids if pk in found])
        return super().get_context_data(
            networks=with_topic_links(networks), network_total=on_topic.bit_count(), **kwargs
        )


def _by_facet_and_name(topics):
    """Topics grouped by facet, each group in name order in the page's language (a stable sort of `by_name`)."""
    return sorted(by_name(topics), key=lambda topic: topic.facet)


def topic_list(request):
    """Every topic by facet with its description and how many networks deal with it (two queries: the
    catalogue version, whose facet index counts them, and the topics)."""
    index = facet_index()
    counts = index.counts("topic", index.everything)
    topics = _by_facet_and_name(Topic.objects.all())
    for topic in topics:
        topic.network_count = counts.get(topic.slug, 0)
    return render(request, "networks/topic_list.html", {"topics": topics})


def _with(data, **values):
    """The query string of `data` with `values` set in place of what it had for those keys."""
    query = data.copy()
    for key, value in values.items():
        query[key] = value
    return query.urlencode()


def with_topic_links(networks):
    """The networks, each with `topic_links`: its topics' (slug, name) in topic order (one narrow query).

    Prefetching the topics as model instances cost twice as much on a page of twenty networks.
    """
    links = {network.pk: [] for network in networks}
    rows = Network.topics.through.objects.filter(network__in=list(links)).values_list(
        "network", "topic__facet", "topic__slug", shown_text("topic__name")
    )
    for network, facet, slug, name in rows:
        links[network].append((facet, name_order_key(name), slug, name))
    for network in networks:
        network.topic_links = [(slug, name) for *_order, slug, name in sorted(links[network.pk])]
    return networks


def compare_view(request):
    """Two to five networks side by side: three queries once the choice is valid (four if one is named, not identified).

    With `?country=`: one more (the catalogue version, to read the name) and that country's networks
    to choose from. A name not found costs the version again for the near matches offered instead.
    """
    form = CompareForm(request.GET or None)
    comparison = None
    if form.is_bound:
        form.is_valid()
    networks = form.cleaned_data.get("networks") if form.is_bound else None
    if networks:
        rows = Membership.objects.current().filter(network__in=[network.pk for network in networks]).member_rows()
        comparison = compare(networks, rows)
    country, choices = form.country_networks() if form.is_bound else (None, [])
    offered = {slug for slug, _name, _acronym in choices}
    chosen = [value[:MAX_VALUE_LENGTH] for value in request.GET.getlist("networks")[:MAX_COMPARE_VALUES]]
    picked = {value.lower() for value in chosen}
    typed = [value for value in chosen if value.lower() not in offered][:MAX_NETWORKS]
    # With a country's networks offered, two empty slots remain for others; otherwise one per network.
    slots = typed + [""] * ((2 if choices else MAX_NETWORKS) - len(typed))
    kept = {"country": [country.code.lower()]} if country else {}
    context = {
        "form": form,
        "comparison": comparison,
        "slots": slots,
        "country": country,
        "country_choices": [(slug, name, acronym, slug in picked) for slug, name, acronym in choices],
        "country_choices_cut": len(choices) == MAX_COUNTRY_CHOICES,
        "near": [
            (value, [(name, acronym, _query(networks=[slug if v == value else v for v in chosen], **kept))
                     for slug, name, acronym in found])
            for value, found in form.near.items()
        ],
        "country_alternatives": [
            (j, _query(networks=chosen, country=[j.code.lower()])) for j in form.fields["country"].alternatives
        ],
    }  # fmt: skip
    return render(request, "networks/compare.html", context)


def _query(**lists):
    """A query string with each key given as a list of values."""
    query = QueryDict(mutable=True)
    for key, values in lists.items():
        query.setlist(key, values)
    return query.urlencode()
