"""Public pages of the catalogue: home, the filtered list, a network, a topic, a comparison."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Count, Prefetch, Q, prefetch_related_objects
from django.http import QueryDict
from django.shortcuts import render
from django.views.generic import DetailView
from django_filters.views import FilterView

from countries.models import Region
from networks.models import ContactPoint, Membership, Network, NetworkSource, Relation, StatedCount, Topic

from .compare import MAX_NETWORKS, MAX_VALUE_LENGTH, CompareForm
from .facet_index import facet_index
from .filters import MAX_QUERY_LENGTH, SORTS, NetworkFilter, country_memberships
from .memo import catalogue_memo
from .pages import compare, members_by_role, relations_both_ways

PAGE_SIZE = 20
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
        "topics": list(Topic.objects.annotate(network_count=Count("networks")).order_by("facet", "name")),
        "regions": [
            (region, region_counts.get(region.pk, 0))
            for region in Region.objects.filter(level=Region.Level.REGION).order_by("name")
        ],
        "types": [(value, label, type_counts[value]) for value, label in Network.Type.choices if value in type_counts],
    }


class ForgivingPaginator(Paginator):
    """Out-of-range or malformed page numbers show the nearest page instead of a 404."""

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except InvalidPage:
            try:
                return self.num_pages if int(number) > 1 else 1
            except (TypeError, ValueError, OverflowError):
                return 1


class NetworkListView(FilterView):
    """The catalogue filtered by the query string (queries: see tests/test_public_list.py)."""

    filterset_class = NetworkFilter
    template_name = "networks/network_list.html"
    context_object_name = "networks"
    paginate_by = PAGE_SIZE
    paginator_class = ForgivingPaginator
    strict = False  # an invalid value is reported and left out, the other filters still apply

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        paginator.count = self.filterset.count()  # the facet index knows it: no COUNT query
        requested = self.request.GET.get("page") or "1"
        page = paginator.page(paginator.validate_number(requested))
        if self.filterset.sort_name() == "members":
            page.object_list = self.filterset.members_page((page.number - 1) * page_size, page_size)
        self.page_notice = None
        if requested != str(page.number):
            shown = f"page {page.number} of {paginator.num_pages}"
            self.page_notice = f"There is no page “{requested[:20]}”; showing {shown}."
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        page = context["page_obj"]
        country = filterset.form.cleaned_data.get("country") if filterset.is_bound else None
        networks = with_topic_links(list(page.object_list))
        if country is not None:
            prefetch_related_objects(
                networks,
                Prefetch(
                    "memberships",
                    queryset=country_memberships(country).select_related("jurisdiction"),
                    to_attr="country_memberships",
                ),
            )
        messages = filterset.errors_as_messages + ([self.page_notice] if self.page_notice else [])
        data = filterset.data.copy() if filterset.is_bound else QueryDict(mutable=True)
        data.pop("page", None)
        if "q" in data:
            data["q"] = data["q"][:MAX_QUERY_LENGTH]  # links built from the query never echo an overlong one
        facets = filterset.facets()
        context.update(
            networks=networks,
            facets=facets,
            select_facets=[
                (name, filterset.filters[name].label, f"Any {name}", facets[name])
                for name in ("type", "field", "status", "host")
            ],
            messages_list=messages,
            search=filterset.search,
            sorts=SORTS,
            current_sort=data.get("sort", ""),
            q_value=data.get("q", ""),
            querystring=data.urlencode(),
            active_filters=filterset.active_filters(facets),
        )
        return context


class NetworkDetailView(DetailView):
    """Everything public about one network (eleven queries whatever its size)."""

    template_name = "networks/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        return Network.objects.public().prefetch_related(
            "topics",
            "aliases",
            "regions",
            Prefetch("stated_counts", queryset=StatedCount.objects.select_related("source")),
            Prefetch("relations", queryset=Relation.objects.with_targets()),
            Prefetch("incoming_relations", queryset=Relation.objects.select_related("network", "source")),
            Prefetch(
                "memberships_held",
                queryset=Membership.objects.current()
                .select_related("network")
                .only("role", "member_network_id", "network__slug", "network__name", "network__acronym")
                .order_by("network__name"),
            ),
            # Visibility is decided here, once, by the queryset: templates never filter contact points.
            Prefetch(
                "contact_points",
                queryset=ContactPoint.objects.visible_to(self.request.user).select_related("jurisdiction"),
                to_attr="visible_contact_points",
            ),
            Prefetch("source_links", queryset=NetworkSource.objects.select_related("source").order_by("source__title")),
        )

    def get_context_data(self, **kwargs):
        network = self.object
        groups, ended = members_by_role(network.memberships.member_rows(), network.stated_counts.all())
        return super().get_context_data(
            role_groups=groups,
            ended_memberships=ended,
            hosts=[r.target for r in network.relations.all() if r.kind == Relation.Kind.HOSTED_BY],
            relations=relations_both_ways(network.relations.all(), network.incoming_relations.all()),
            **kwargs,
        )


class TopicDetailView(DetailView):
    """A topic and its first networks by name (four queries: topic, count, networks, their topics)."""

    template_name = "networks/topic_detail.html"
    context_object_name = "topic"
    queryset = Topic.objects.all()

    def get_context_data(self, **kwargs):
        networks = self.object.networks.public().with_member_counts().order_by("name")
        return super().get_context_data(
            networks=with_topic_links(list(networks[:LANDING_PAGE_NETWORKS])), network_total=networks.count(), **kwargs
        )


def with_topic_links(networks):
    """The networks, each with `topic_links`: its topics' (slug, name) in topic order (one narrow query).

    Prefetching the topics as model instances cost twice as much on a page of twenty networks.
    """
    links = {network.pk: [] for network in networks}
    rows = (
        Network.topics.through.objects.filter(network__in=list(links))
        .order_by("topic__facet", "topic__name")
        .values_list("network", "topic__slug", "topic__name")
    )
    for network, slug, name in rows:
        links[network].append((slug, name))
    for network in networks:
        network.topic_links = links[network.pk]
    return networks


def compare_view(request):
    """Two to five networks side by side (three queries once the choice is valid)."""
    form = CompareForm(request.GET or None)
    comparison = None
    if form.is_valid():
        networks = form.cleaned_data["networks"]
        rows = Membership.objects.current().filter(network__in=[network.pk for network in networks]).member_rows()
        comparison = compare(networks, rows)
    chosen = request.GET.getlist("networks")[:MAX_NETWORKS]
    slots = [chosen[i][:MAX_VALUE_LENGTH] if i < len(chosen) else "" for i in range(MAX_NETWORKS)]
    context = {"form": form, "comparison": comparison, "slots": slots}
    return render(request, "networks/compare.html", context)
