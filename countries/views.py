"""Public pages for jurisdictions and regions: the networks each belongs to, grouped by role."""

import itertools

from django.db.models import Count, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from networks.filters import CODE_RE, SubqueryCount, country_memberships
from networks.models import ContactPoint, Membership, Network
from networks.pages import ROLE_ORDER

from .models import Jurisdiction, JurisdictionAlias, Region


def jurisdiction_list(request):
    """Every country and how many networks it belongs to, by region (two queries).

    The counts come from one grouped query over current memberships: a correlated count per country
    (with its OR on sub-national parents) took 35 s on SQLite at 325,000 memberships.
    """
    counts = dict(
        Membership.objects.current()
        .filter(jurisdiction__isnull=False)
        .order_by()
        .values(country=Coalesce("jurisdiction__parent_id", "jurisdiction_id"))
        .annotate(n=Count("network", distinct=True))
        .values_list("country", "n")
    )
    countries = list(Jurisdiction.objects.countries().select_related("region").order_by("region__name", "name"))
    for country in countries:
        country.network_count = counts.get(country.pk, 0)
    return render(request, "countries/jurisdiction_list.html", {"countries": countries})


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


def jurisdiction_detail(request, code):
    """A jurisdiction's networks by role and the contact points the visitor may see (five queries)."""
    jurisdiction = jurisdiction_or_404(code)
    memberships = sorted(
        country_memberships(jurisdiction).select_related("network", "jurisdiction"),
        key=lambda m: (ROLE_ORDER[m.role], m.network.name.casefold(), m.jurisdiction.name),
    )
    groups = [
        (role_label, list(items))
        for role_label, items in itertools.groupby(memberships, key=lambda m: m.get_role_display())
    ]
    regions = [jurisdiction.region, jurisdiction.subregion, jurisdiction.intermediate_region]
    context = {
        "jurisdiction": jurisdiction,
        "jurisdiction_regions": [region for region in regions if region is not None],
        "role_groups": groups,
        "network_total": len({m.network_id for m in memberships}),
        "contacts": ContactPoint.objects.visible_to(request.user)
        .filter(Q(jurisdiction=jurisdiction) | Q(jurisdiction__parent=jurisdiction))
        .select_related("network", "jurisdiction")
        .order_by("network__name", "name"),
    }
    return render(request, "countries/jurisdiction_detail.html", context)


def region_detail(request, slug):
    """A UN M49 region: its networks (those with a current member there) and its countries (five queries)."""
    region = get_object_or_404(
        Region.objects.select_related("parent__parent").prefetch_related(
            Prefetch("children", queryset=Region.objects.order_by("name"))
        ),
        slug=slug,
    )
    countries = Jurisdiction.objects.countries().in_region(region).order_by("name")
    in_region = Q(jurisdiction__in=Jurisdiction.objects.in_region(region))
    networks = (
        Network.objects.public()
        .filter(pk__in=Membership.objects.current().filter(in_region).values("network"))
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
    context = {"region": region, "countries": countries, "networks": networks}
    return render(request, "countries/region_detail.html", context)
