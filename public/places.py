"""Public pages for jurisdictions and regions: the networks each belongs to, grouped by role."""

from operator import itemgetter

from django.db.models import Count, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from countries.models import Jurisdiction, JurisdictionAlias, Region
from networks.models import ContactPoint, Membership, Network

from .facet_index import facet_index
from .filters import CODE_RE, SubqueryCount
from .memo import catalogue_memo
from .pages import ROLE_LABELS, ROLE_ORDER, LinkBuilder, Member
from .views import LANDING_PAGE_NETWORKS

SHOWN_PER_ROLE = 40


def jurisdiction_list(request):
    """Every country and how many networks it belongs to, by region (three queries, two once the counts are memoised).

    The counts come from one grouped query over current memberships: a correlated count per country
    (with its OR on sub-national parents) took 35 s on SQLite at 325,000 memberships.
    """
    counts = catalogue_memo("country-network-counts", _network_counts_by_country)
    countries = list(Jurisdiction.objects.countries().select_related("region").order_by("region__name", "name"))
    for country in countries:
        country.network_count = counts.get(country.pk, 0)
    return render(request, "countries/jurisdiction_list.html", {"countries": countries})


def _network_counts_by_country():
    return dict(
        Membership.objects.current()
        .filter(jurisdiction__isnull=False)
        .order_by()
        .values(country=Coalesce("jurisdiction__parent_id", "jurisdiction_id"))
        .annotate(n=Count("network", distinct=True))
        .values_list("country", "n")
    )


def jurisdiction_or_404(code):
    """The jurisdiction with this code in any case (one query); a code of the wrong shape is a 404 too."""
    code = (code or "").upper()
    if not CODE_RE.match(code):
        raise Http404("No jurisdiction has that code.")
    return get_object_or_404(
        Jurisdiction.objects.select_related("parent", "region", "subregion", "intermediate_region").prefetch_related(
            Prefetch(
                "aliases",
                queryset=JurisdictionAlias.objects.filter(kind=JurisdictionAlias.Kind.HISTORICAL).order_by("name"),
                to_attr="former_names",
            ),
            Prefetch("subdivisions", queryset=Jurisdiction.objects.order_by("name")),
        ),
        code=code,
    )


class NetworkListing:
    """A network a jurisdiction belongs to, as its page lists it; `through` names the sub-national member, if any."""

    __slots__ = ("network", "role", "since", "through")

    def __init__(self, network, role, since, through):
        self.network, self.role, self.since, self.through = network, role, since, through


def _role_groups(memberships, jurisdiction):
    """[(role label, NetworkListing shown, memberships in the role)] in role order, at most SHOWN_PER_ROLE each.

    One query: a window numbers each role's rows by network name and counts them, so a country in
    1,200 networks neither loads nor renders them all; the full list is the network list's country filter.
    Rows are tuples, not model instances: a few hundred of those per page cost more than the query.
    """
    rows = (
        memberships.annotate(
            position=Window(
                RowNumber(), partition_by=F("role"), order_by=[Lower("network__name"), "jurisdiction__name"]
            ),
            role_total=Window(Count("pk"), partition_by=F("role")),
        )
        .filter(position__lte=SHOWN_PER_ROLE)
        .order_by()
        .values_list(
            "role", "position", "role_total", "since", "jurisdiction_id", "jurisdiction__name",
            "network_id", "network__slug", "network__name", "network__acronym",
        )
    )  # fmt: skip
    link = LinkBuilder()
    groups = {}
    for role, position, total, since, jurisdiction_id, jurisdiction_name, network_id, slug, name, acronym in rows:
        network = Member("network", network_id, name, link.network_url(slug), slug=slug, acronym=acronym)
        through = jurisdiction_name if jurisdiction_id != jurisdiction.pk else None
        groups.setdefault(role, (total, []))[1].append((position, NetworkListing(network, role, since, through)))
    return [
        (ROLE_LABELS[role], [listing for _, listing in sorted(items, key=itemgetter(0))], total)
        for role, (total, items) in sorted(groups.items(), key=lambda item: ROLE_ORDER[item[0]])
    ]


def jurisdiction_detail(request, code):
    """A jurisdiction's networks by role and the contact points the visitor may see (six queries)."""
    jurisdiction = jurisdiction_or_404(code)
    here = [jurisdiction.pk, *(sub.pk for sub in jurisdiction.subdivisions.all())]
    memberships = Membership.objects.current().filter(jurisdiction__in=here)
    regions = [jurisdiction.region, jurisdiction.subregion, jurisdiction.intermediate_region]
    context = {
        "jurisdiction": jurisdiction,
        "jurisdiction_regions": [region for region in regions if region is not None],
        "role_groups": _role_groups(memberships, jurisdiction),
        "network_total": memberships.aggregate(n=Count("network", distinct=True))["n"],
        "contacts": ContactPoint.objects.visible_to(request.user)
        .filter(jurisdiction__in=here)
        .select_related("network", "jurisdiction")
        .order_by("network__name", "name"),
    }
    return render(request, "countries/jurisdiction_detail.html", context)


def region_detail(request, slug):
    """A UN M49 region: its networks (those with a current member there) and its countries (five queries).

    The page shows the first LANDING_PAGE_NETWORKS by name; the filtered list has them all, paginated.
    """
    region = get_object_or_404(
        Region.objects.select_related("parent__parent").prefetch_related(
            Prefetch("children", queryset=Region.objects.order_by("name"))
        ),
        slug=slug,
    )
    countries = Jurisdiction.objects.countries().in_region(region).order_by("name")
    in_region = Q(jurisdiction__in=Jurisdiction.objects.in_region(region))
    # The facet index knows which networks have a current member here (a join over every
    # membership in the region took 300 ms for Europe at 10,000 networks).
    index = facet_index()
    network_ids = index.network_ids(index.mask("region", region.pk))
    networks = (
        Network.objects.public()
        .filter(pk__in_ids=network_ids)
        .with_member_counts()
        .annotate(
            members_here=SubqueryCount(
                Membership.objects.current()
                .filter(in_region, network=OuterRef("pk"))
                .order_by()
                .values("jurisdiction")
                .distinct()
            )
        )
        .order_by("name")
    )
    context = {
        "region": region,
        "countries": countries,
        "networks": networks[:LANDING_PAGE_NETWORKS],
        "network_total": len(network_ids),
    }
    return render(request, "countries/region_detail.html", context)
