"""Catalogue-wide pictures: the graph of every relation (/graph/) and the overlap of the largest networks (/overlap/).

Both are the same for every visitor until the catalogue changes, so each page's content is
memoised per catalogue version (public.memo.catalogue_memo): one query when it is.
"""

import math
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Count
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from networks.models import Membership, Network, Relation

from .graphs import catalogue_graph, layout
from .memo import catalogue_memo
from .pages import LinkBuilder

GRAPH_NODES = 150  # past this, the catalogue graph keeps the best-connected networks and bodies
OVERLAP_NETWORKS = 20
OVERLAP_STEPS = 5  # colour classes overlap-1 (a small share in common) to overlap-5 (nearly all)
TOP_PAIRS = 10


def relations_graph(request):
    """Every relation between networks and bodies as one graph, with the relations drawn listed in text."""
    return render(request, "networks/graph.html", catalogue_memo("relations-graph", _graph_context))


def _graph_context():
    relations = list(Relation.objects.current().with_targets().order_by("network__name", "kind", "pk"))
    link = LinkBuilder()
    nodes, edges, total = catalogue_graph(relations, link, reverse("network-list"), GRAPH_NODES)
    drawn = {node.key for node in nodes}
    rows = []
    for relation in relations:
        target_key = (
            f"network:{relation.target_network_id}"
            if relation.target_network_id
            else f"organisation:{relation.target_organisation_id}"
        )
        if f"network:{relation.network_id}" in drawn and target_key in drawn:
            rows.append(relation)
    return {
        "graph": layout(nodes, edges, packed=True),
        "relations": rows,
        "relation_total": len(relations),
        "node_total": total,
        "node_shown": len(nodes),
    }


def overlap(request):
    """The OVERLAP_NETWORKS networks with most current members, and how many members each pair shares."""
    return render(request, "networks/overlap.html", catalogue_memo("overlap", _overlap_context))


class OverlapCell:
    """One pair of networks: how many current members they share, their comparison's address, a colour class,
    and the one role those shared hold in both ("" when several: counted as participants, not members)."""

    __slots__ = ("other", "shared", "url", "css", "share", "role")

    def __init__(self, other, shared, url, css, share, role=""):
        self.other, self.shared, self.url, self.css, self.share, self.role = other, shared, url, css, share, role


def _overlap_context():
    """Three queries: the largest networks, their names, their current members."""
    largest = list(
        Membership.objects.current()
        .filter(role=Membership.Role.MEMBER)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .order_by("-n", "network")
        .values_list("network", "n")[:OVERLAP_NETWORKS]
    )
    ids = [pk for pk, _n in largest]
    found = Network.objects.filter(pk__in=ids).only("slug", "name", "acronym").in_bulk()
    networks = [found[pk] for pk in ids]
    for network, (_pk, count) in zip(networks, largest, strict=True):
        network.member_count = count
    members = {pk: {} for pk in ids}  # {network: {member: its roles there}}
    rows = Membership.objects.current().filter(network__in=ids).order_by()
    for network, role, *member in rows.values_list("network", "role", "jurisdiction", "organisation", "member_network"):
        members[network].setdefault(tuple(member), set()).add(role)  # any current role, as the comparison counts
    compare_url = reverse("compare")
    matrix, pairs = [], []
    for network in networks:
        cells = []
        for other in networks:
            if other is network:
                cells.append(OverlapCell(other, len(members[network.pk]), "", "overlap-self", None))
                continue
            mine, theirs = members[network.pk], members[other.pk]
            in_both = mine.keys() & theirs.keys()
            roles = set().union(*(mine[member] | theirs[member] for member in in_both))
            shared = len(in_both)
            smaller = min(len(mine), len(theirs)) or 1
            share = shared / smaller
            css = f"overlap-{min(OVERLAP_STEPS, math.ceil(share * OVERLAP_STEPS))}" if shared else "overlap-0"
            url = f"{compare_url}?{urlencode([('networks', network.slug), ('networks', other.slug)])}"
            cells.append(OverlapCell(other, shared, url, css, share, next(iter(roles)) if len(roles) == 1 else ""))
        matrix.append((network, cells))
    for (i, a), (j, b) in combinations(enumerate(networks), 2):
        cell = matrix[i][1][j]
        if cell.shared:
            pairs.append((a, b, cell))
    pairs.sort(key=lambda pair: (-pair[2].shared, pair[0].name, pair[1].name))
    steps = [
        (f"overlap-{step}", _("%(low)s–%(high)s%% of the smaller network's members and participants")
         % {"low": (step - 1) * 100 // OVERLAP_STEPS, "high": step * 100 // OVERLAP_STEPS})
        for step in range(1, OVERLAP_STEPS + 1)
    ]  # fmt: skip
    return {"networks": networks, "matrix": matrix, "top_pairs": pairs[:TOP_PAIRS], "steps": steps}
