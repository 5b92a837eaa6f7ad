"""Public pages for jurisdictions and regions: the networks each belongs to, grouped by role."""

from collections import namedtuple
from operator import itemgetter

from django.db.models import BooleanField, Case, Count, F, OuterRef, Q, Value, When, Window
from django.db.models.functions import Coalesce, Lower, RowNumber
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, ngettext

from countries.models import Jurisdiction, JurisdictionAlias, Region
from liaison.models import LiaisonPost
from networks.dating import reference_day
from networks.models import ContactPoint, Membership, Network
from registry.identifiers import registry_id
from registry.languages import by_name, current_language, name_order_key
from registry.translated import shown, shown_text, written_in

from .facet_index import MemberFigures, facet_index
from .filters import CODE_RE, SubqueryCount
from .linked_data import jurisdiction_alternates, jurisdiction_json_ld, with_link_header
from .maps import participation_map, reach_map
from .memo import catalogue_memo
from .pages import NOTE_LANGUAGE, ROLE_LABELS, ROLE_ORDER, LinkBuilder, Member, contact_rows
from .views import LANDING_PAGE_NETWORKS

SHOWN_PER_ROLE = 40


# A country as the countries index lists it: rows, not instances (250 of them, with their regions,
# cost more as model instances than the rest of the page).
CountryRow = namedtuple("CountryRow", "code name region_id network_count networks_label")
RegionLink = namedtuple("RegionLink", "slug name")


def jurisdiction_list(request):
    """Every country and how many networks it belongs to, by region (three queries, two once the counts are memoised).

    The counts come from one grouped query over current memberships: a correlated count per country
    (with its OR on sub-national parents) took 35 s on SQLite at 325,000 memberships.
    """
    counts = catalogue_memo("country-network-counts", _network_counts_by_country)
    rows = (
        Jurisdiction.objects.countries()
        .annotate(shown_name=shown_text("name"), region_name=shown_text("region__name"))  # in the page's language
        .order_by()
        .values_list("pk", "code", "shown_name", "region_id", "region__slug", "region_name")
    )
    rows = sorted(
        rows,
        key=lambda row: (
            row[3] is None,  # those in no region last
            name_order_key(row[5]) if row[3] is not None else (),
            name_order_key(row[2]),
        ),
    )
    labels = {}  # {count: its phrase}: 250 countries share a few dozen counts
    countries, by_region = [], []
    for pk, code, name, region_id, region_slug, region_name in rows:
        count = counts.get(pk, 0)
        if count not in labels:
            labels[count] = ngettext("%(num)s network", "%(num)s networks", count) % {"num": count}
        country = CountryRow(code, name, region_id, count, labels[count])
        countries.append(country)
        if not by_region or by_region[-1][0] != region_id:
            by_region.append((region_id, RegionLink(region_slug, region_name) if region_id else None, []))
        by_region[-1][2].append(country)
    context = {
        "countries": countries,
        "countries_by_name": by_name(countries),
        "regions": [(region, group) for _pk, region, group in by_region],
        "countries_map": participation_map(countries, {country.code: country.network_count for country in countries}),
    }
    return render(request, "countries/jurisdiction_list.html", context)


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
    """The jurisdiction with this code in any case, with its parent and regions (one query); a code of the
    wrong shape is a 404 too."""
    code = (code or "").upper()
    if not CODE_RE.match(code):
        raise Http404("No jurisdiction has that code.")
    return get_object_or_404(
        Jurisdiction.objects.select_related("parent", "region", "subregion", "intermediate_region"), code=code
    )


# A sub-national jurisdiction as its state's page names it.
Subdivision = namedtuple("Subdivision", "pk code name")


class NetworkListing:
    """A network a jurisdiction belongs or belonged to, as its page lists it.

    `through` names the sub-national member, if any; `until` is set for an ended membership;
    `note` is the membership's public note; `role_label` the role's label, translated once for the page.
    """

    __slots__ = (
        "network", "role", "role_label", "since", "until", "through", "note", "since_precision", "until_precision",
    )  # fmt: skip

    def __init__(self, network, role, role_label, since, until, through, note, since_precision, until_precision):
        self.network, self.role, self.role_label, self.since, self.until = network, role, role_label, since, until
        self.through, self.note = through, note
        self.since_precision, self.until_precision = since_precision, until_precision


def _role_groups(memberships, jurisdiction):
    """(current, former): each [(role label, NetworkListing shown, memberships in the role)] in role order.

    One query: a window numbers each role's rows, current and ended apart, by network name and
    counts them, so a country in 1,200 networks neither loads nor renders them all (at most
    SHOWN_PER_ROLE each); the full list is the network list's country filter. Rows are tuples, not
    model instances: a few hundred of those per page cost more than the query.
    """
    today = reference_day()
    # Partitions only, not selected: each selected expression adds to the compilation of Django's
    # QUALIFY emulation (selecting it cost a quarter of this function), and a row's `until` tells.
    ended = Case(When(until__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField())
    rows = (
        memberships.annotate(
            network_name=shown_text("network__name"),  # as the page shows them (a fallback says its language)
            network_acronym=shown_text("network__acronym"),
            jurisdiction_name=shown_text("jurisdiction__name"),
            position=Window(  # by the names, not the texts tagged with their language that shown_text reads
                RowNumber(),
                partition_by=[F("role"), ended],
                order_by=[Lower(shown("network__name")), shown("jurisdiction__name")],
            ),
            role_total=Window(Count("pk"), partition_by=[F("role"), ended]),
        )
        .filter(position__lte=SHOWN_PER_ROLE)
        .order_by()
        .values_list(
            "role", "position", "role_total", "since", "until", "public_note", "jurisdiction_id",
            "jurisdiction_name", "network_id", "network__slug", "network_name", "network_acronym",
            "since_precision", "until_precision",
        )
    )  # fmt: skip
    link = LinkBuilder()
    labels = {role: str(label) for role, label in ROLE_LABELS.items()}
    home, groups, page_language = jurisdiction.pk, ({}, {}), get_language()
    for role, position, total, since, until, note, jurisdiction_id, jurisdiction_name, *network in rows:
        is_ended = until is not None and until < today
        network_id, slug, name, acronym, since_precision, until_precision = network
        member = Member("network", network_id, name, link.network_url(slug), slug=slug, acronym=acronym)
        through = jurisdiction_name if jurisdiction_id != home else None
        until = until if is_ended else None
        note = written_in(note, NOTE_LANGUAGE, page_language)
        listing = NetworkListing(
            member, role, labels[role], since, until, through, note, since_precision, until_precision
        )
        groups[is_ended].setdefault(role, (total, []))[1].append((position, listing))
    return tuple(
        [
            (ROLE_LABELS[role], [listing for _, listing in sorted(items, key=itemgetter(0))], total)
            for role, (total, items) in sorted(by_role.items(), key=lambda item: ROLE_ORDER[item[0]])
        ]
        for by_role in groups
    )


def _shared_by_state(index, networks, home):
    """{state code: (name, how many of the `networks` bitset it currently takes part in)}, home left out.

    From the facet index: a state's bitset holds its sub-national units' memberships too. A grouped
    query over the co-members of every network took 60–100 ms for a country in 1,200 networks.
    """
    shared = {}
    for state, name in index.reference.states[current_language()]:
        count = (index.mask("country", state) & networks).bit_count() if state != home else 0
        if count:
            shared[state] = (name, count)
    return shared


def jurisdiction_detail(request, code):
    """A jurisdiction's networks by role, former memberships, a map of their reach, the contact points one may see.

    Seven queries once the facet index is built: the jurisdiction, its former names, its sub-national
    units, the catalogue version (the facet index gives the states sharing its current networks, for the
    map, and how many networks it belongs to now), its memberships (current and ended, one windowed
    query), the contact points, the liaison posts it sends or hosts (and their parties, when it has some).
    """
    if identifier := registry_id(code):  # a permanent link by registry identifier
        found = Jurisdiction.objects.filter(registry_id=identifier).first()
        if found is not None:
            return HttpResponsePermanentRedirect(found.get_absolute_url())
    jurisdiction = jurisdiction_or_404(code)
    former_names = (
        JurisdictionAlias.objects.filter(jurisdiction=jurisdiction, kind=JurisdictionAlias.Kind.HISTORICAL)
        .order_by("name")
        .values_list("name", flat=True)
    )
    subdivisions = [
        Subdivision(*row)
        for row in Jurisdiction.objects.filter(parent=jurisdiction)
        .annotate(shown_name=shown_text("name"))  # in the page's language
        .order_by("name")
        .values_list("pk", "code", "shown_name")
    ]
    here = [jurisdiction.pk, *(sub.pk for sub in subdivisions)]
    memberships = Membership.objects.current_or_ended().filter(jurisdiction__in=here)
    # The networks it (or one of its units) currently takes part in, from the facet index.
    index = facet_index()
    networks_here = index.mask("country", jurisdiction.code)
    home = jurisdiction.parent.code if jurisdiction.parent_id else jurisdiction.code
    shared = _shared_by_state(index, networks_here, home)
    regions = [jurisdiction.region, jurisdiction.subregion, jurisdiction.intermediate_region]
    current, former = _role_groups(memberships, jurisdiction)
    posts_here, posts_from_here = _liaison_posts(here)
    context = {
        "jurisdiction": jurisdiction,
        "former_names": list(former_names),
        "subdivisions": subdivisions,
        "jurisdiction_regions": [region for region in regions if region is not None],
        "role_groups": current,
        "former_groups": former,
        "former_total": sum(total for _, _, total in former),
        "reach_map": reach_map(jurisdiction, shared) if shared else None,
        "network_total": networks_here.bit_count(),
        "contacts": contact_rows(
            ContactPoint.objects.visible_to(request.user)
            .filter(jurisdiction__in=here)
            .order_by("network__name", "name")
        ),
        "liaison_posted_here": posts_here,
        "liaison_posted_from_here": posts_from_here,
        "linked_data": jurisdiction_json_ld(jurisdiction, current, former, request),
        "alternates": jurisdiction_alternates(request, jurisdiction),
    }
    response = render(request, "countries/jurisdiction_detail.html", context)
    return with_link_header(response, context["alternates"])


def _liaison_posts(here):
    """(current liaison posts hosted by the jurisdictions `here`, those they send): one query, two when there are some.

    `here` are a jurisdiction's primary key and its units': filtering on them needs no join to the
    parents. Most states send and host none, and compiling the join that loads the posts' parties
    cost more than the query (3–4 ms): it runs only for the posts found.
    """
    found = LiaisonPost.objects.filter(Q(sending__in=here) | Q(host_jurisdiction__in=here)).current()
    pks = list(found.order_by().values_list("pk", flat=True))
    if not pks:
        return [], []
    posts = list(
        LiaisonPost.objects.filter(pk__in=pks)
        .select_related("sending", "host_jurisdiction", "host_network", "host_organisation", "source")
        .order_by("sending__name", "function", "slug")
    )
    return [p for p in posts if p.host_jurisdiction_id in here], [p for p in posts if p.sending_id in here]


class RegionNetwork:
    """A network as a region page lists it: a row, not an instance (a hundred instances with every
    translated column cost more than the rest of the page). The member figures are the facet index's
    (`FacetIndex.with_figures`), the choices' labels translated once per page."""

    __slots__ = (
        "pk", "slug", "name", "acronym", "type_label", "scope_label", "members_here", "members_everywhere",
        "declared_regions", *MemberFigures._fields,
    )  # fmt: skip

    def __init__(self, pk, slug, name, acronym, type_label, scope_label, members_here, members_everywhere):
        self.pk, self.slug, self.name, self.acronym = pk, slug, name, acronym
        self.type_label, self.scope_label = type_label, scope_label
        self.members_here, self.members_everywhere = members_here, members_everywhere


PlaceRow = namedtuple("PlaceRow", "code name")


def region_detail(request, slug):
    """A UN M49 region: the networks covering it, other networks with members there, its countries (five queries).

    Networks are listed by declared scope first (Network.regions overlapping the region, with or
    without a member list), then, apart, the networks declaring no region that have a current
    participant here (FacetIndex explains the rule). Each part shows its first
    LANDING_PAGE_NETWORKS by name; the filtered list (?region=) has them all, paginated.
    """
    region = get_object_or_404(Region.objects.select_related("parent__parent"), slug=slug)
    children = Region.objects.filter(parent=region).annotate(shown_name=shown_text("name"))
    children = children.values_list("slug", "shown_name")
    countries = (
        Jurisdiction.objects.countries()
        .in_region(region)
        .annotate(shown_name=shown_text("name"))  # in the page's language, sorted here
        .order_by()
        .values_list("code", "shown_name")
    )
    in_region = Q(jurisdiction__in=Jurisdiction.objects.in_region(region))
    # The facet index knows both parts, their name order and the networks' member figures (a join
    # over every membership in the region took 300 ms for Europe at 10,000 networks).
    index = facet_index()
    covering, others = index.mask("region_scope", region.pk), index.mask("region_others", region.pk)
    covering_ids = index.ordered_ids(covering, "by_name", 0, LANDING_PAGE_NETWORKS)
    other_ids = index.ordered_ids(others, "by_name", 0, LANDING_PAGE_NETWORKS)
    rows = (
        Network.objects.public()
        .filter(pk__in_ids=covering_ids + other_ids)
        .annotate(
            shown_name=shown_text("name"),
            shown_acronym=shown_text("acronym"),
            # Both counts measure the same thing, distinct members in any current role, so that the
            # page cannot read "44 from this region · 36 in all" (members only in the second count).
            members_here=SubqueryCount(
                Membership.objects.current()
                .filter(in_region, network=OuterRef("pk"))
                .order_by()
                .values("jurisdiction")
                .distinct()
            ),
            members_everywhere=SubqueryCount(
                Membership.objects.current()
                .filter(network=OuterRef("pk"))
                .order_by()
                .values("jurisdiction", "organisation", "member_network")
                .distinct()
            ),
        )
        .order_by()
        .values_list("pk", "slug", "shown_name", "shown_acronym", "type", "scope", "members_here", "members_everywhere")
    )
    types, scopes = _labels(Network.Type.choices), _labels(Network.Scope.choices)
    found = {}
    for pk, slug_, name, acronym, kind, scope, here, everywhere in rows:
        found[pk] = network = RegionNetwork(pk, slug_, name, acronym, types[kind], scopes[scope], here, everywhere)
        network.declared_regions = index.declared_region_names(pk)
    index.with_figures(found.values())
    covering_networks = [found[pk] for pk in covering_ids if pk in found]
    other_networks = [found[pk] for pk in other_ids if pk in found]
    context = {
        "region": region,
        "children": by_name(RegionLink(*row) for row in children),  # names in the page's language
        "countries": by_name(PlaceRow(*row) for row in countries),
        "covering_networks": covering_networks,
        "covering_total": covering.bit_count(),
        "other_networks": other_networks,
        "other_total": others.bit_count(),
        "networks": covering_networks + other_networks,
        "network_total": (covering | others).bit_count(),
    }
    return render(request, "countries/region_detail.html", context)


def _labels(choices):
    """{value: label} of a field's choices, translated once for the page rather than once a row."""
    return {value: str(label) for value, label in choices}


def region_list(request):
    """Every UN M49 region as a tree, with how many networks each region's page lists (one query once indexed)."""
    index = facet_index()
    counts = index.counts("region", index.everything)
    covering = index.counts("region_scope", index.everything)
    tree, path = [], []
    for option in index.options()["region"]:
        node = {**option, "count": counts.get(option["value"], 0), "covering": covering.get(option["value"], 0)}
        node["children"] = []
        del path[option["depth"] :]
        (path[-1]["children"] if path else tree).append(node)
        path.append(node)
    return render(request, "countries/region_list.html", {"regions": tree})
