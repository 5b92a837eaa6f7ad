"""Which public networks each filter option selects, as bitsets, built once per catalogue version and day.

Counting a facet with GROUP BY reads every current membership of the filtered networks: 25–60 ms
per facet and request at 325,000 memberships, nine facets a page. The networks behind each option
are the same for every request until the catalogue changes (any write gives it a new version) or
the day turns (memberships start and end at midnight), so each process reads them once and
keeps, per option, a Python int whose bit n is set when the n-th public network has it. A
facet count is then the popcount of two intersected ints: microseconds per option.
"""

import itertools
from collections import defaultdict

from django.db.models import Count

from countries.models import Jurisdiction, Region
from networks.models import Membership, Network, Relation, Topic

from .memo import process_memo

FACETS = ("topic", "region", "country", "type", "field", "status", "host")


def _mask(positions, size):
    bits = bytearray((size + 7) // 8)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


class FacetIndex:
    """The public networks behind every filter option, and each option's label.

    `masks[facet][value]` is the bitset of the networks the option selects; `options[facet]`
    lists the option rows in display order. Values are topic and host slugs, region primary
    keys, jurisdiction codes (a state's bitset includes its sub-national units' memberships) and
    the type, field and status choices. `by_members` holds the positions in the list's "Most
    members" order, `by_name` in name order; `declared_regions` the names of each network's declared
    regions ({network pk: [names]}, networks declaring none left out).

    A region's option selects the networks of that region: those whose declared scope
    (Network.regions) overlaps it (the region itself, a part of it or a region containing it),
    and those declaring no region (global networks, mostly) that have a current participant
    there. A network declaring Europe is not selected by Asia although UN M49 counts Cyprus, one
    of its members, in Western Asia. The region page shows the two kinds apart:
    `masks["region_scope"]` and `masks["region_others"]`.
    """

    def __init__(self, pks, members, options, by_members, by_name, declared_regions=None):
        self.pks = pks
        self.declared_regions = declared_regions or {}
        self.by_members = by_members  # positions, most members (or stated members) first, then by name
        self.by_name = by_name  # positions in name order
        self.position = {pk: n for n, pk in enumerate(pks)}
        self.everything = (1 << len(pks)) - 1
        self.masks = {
            facet: {value: _mask(positions, len(pks)) for value, positions in by_value.items()}
            for facet, by_value in members.items()
        }
        self.options = options

    @classmethod
    def build(cls):
        """Read the catalogue (ten queries) into bitsets."""
        networks, declared = [], defaultdict(set)
        # One row per network and declared region (a network without one has a single row, region None).
        rows = Network.objects.public().order_by("pk").values_list("pk", "type", "field", "status", "regions")
        for pk, type_, field, status, region in rows:
            if not networks or networks[-1][0] != pk:
                networks.append((pk, type_, field, status))
            if region is not None:
                declared[pk].add(region)
        position = {row[0]: n for n, row in enumerate(networks)}
        members = {facet: defaultdict(set) for facet in (*FACETS, "region_scope", "region_others")}
        for n, (_pk, *choices) in enumerate(networks):
            for facet, value in zip(("type", "field", "status"), choices, strict=True):
                members[facet][value].add(n)

        topics = list(Topic.objects.order_by("facet", "name"))
        slug_of = {topic.pk: topic.slug for topic in topics}
        for network, topic in Network.topics.through.objects.values_list("network", "topic"):
            if network in position:
                members["topic"][slug_of[topic]].add(position[network])

        jurisdictions = {
            row[0]: row[1:]
            for row in Jurisdiction.objects.values_list(
                "pk", "code", "parent__code", "region", "subregion", "intermediate_region"
            )
        }
        pairs = Membership.objects.current().filter(jurisdiction__isnull=False).values_list("network", "jurisdiction")
        by_jurisdiction = defaultdict(list)  # one append per membership; the sets below grow in bulk
        for network, jurisdiction in pairs.order_by().iterator(chunk_size=10_000):
            if network in position:
                by_jurisdiction[jurisdiction].append(position[network])
        undeclared = {position[pk] for pk in position if pk not in declared}
        for jurisdiction, positions in by_jurisdiction.items():
            code, parent_code, *regions = jurisdictions[jurisdiction]
            for key in filter(None, (code, parent_code)):
                members["country"][key].update(positions)
            for region in filter(None, regions):
                members["region_others"][region].update(undeclared.intersection(positions))
        region_rows = list(Region.objects.values("pk", "slug", "name", "parent_id"))
        for pk, regions in declared.items():
            for region in _overlapping(regions, region_rows):
                members["region_scope"][region].add(position[pk])
        for region in {*members["region_scope"], *members["region_others"]}:
            members["region"][region] = members["region_scope"][region] | members["region_others"][region]

        hosts = {}
        hosted = Relation.objects.current().filter(kind=Relation.Kind.HOSTED_BY).values_list(
            "network", "target_network__slug", "target_network__name", "target_organisation__slug",
            "target_organisation__name",
        )  # fmt: skip
        for network, network_slug, network_name, organisation_slug, organisation_name in hosted:
            slug = network_slug or organisation_slug
            hosts.setdefault(slug, network_name or organisation_name)
            if network in position:
                members["host"][slug].add(position[network])

        states = Jurisdiction.objects.filter(parent__isnull=True, code__in=members["country"]).order_by("name")
        options = {
            "topic": [{"value": t.slug, "label": t.name, "group": t.get_facet_display()} for t in topics],
            "region": _region_options(region_rows),
            "country": [{"value": code, "label": name} for code, name in states.values_list("code", "name")],
            "host": [{"value": slug, "label": name} for slug, name in sorted(hosts.items(), key=lambda item: item[1])],
        }
        for facet in ("type", "field", "status"):
            choices = Network._meta.get_field(facet).choices
            options[facet] = [{"value": value, "label": label} for value, label in choices]
        names = {row["pk"]: row["name"] for row in region_rows}
        declared_regions = {pk: sorted(names[region] for region in regions) for pk, regions in declared.items()}
        pks = [row[0] for row in networks]
        return cls(pks, members, options, *_by_members_and_name(position), declared_regions=declared_regions)

    def mask(self, facet, value):
        """The networks one option selects (none for an unknown value)."""
        return self.masks[facet].get(value, 0)

    def network_ids(self, mask):
        """Primary keys of the networks in a bitset, in primary-key order."""
        text = bin(mask)[:1:-1]  # bit n at index n
        return [self.pks[n] for n, bit in enumerate(text) if bit == "1"]

    def mask_of_ids(self, pks):
        """The bitset of some networks' primary keys (non-public ones are left out)."""
        return _mask((self.position[pk] for pk in pks if pk in self.position), len(self.pks))

    def ordered_ids(self, mask, order, offset, limit):
        """Primary keys of `limit` networks of a bitset from `offset` on, in a kept order ("by_members")."""
        bits = bin(mask)[:1:-1]  # bit n at index n
        chosen = (n for n in getattr(self, order) if n < len(bits) and bits[n] == "1")
        return [self.pks[n] for n in itertools.islice(chosen, offset, offset + limit)]

    def counts(self, facet, within):
        """{value: how many networks of `within` the option selects}."""
        return {value: (mask & within).bit_count() for value, mask in self.masks[facet].items()}


def _by_members_and_name(position):
    """Positions in "Most members" order and in name order (two queries).

    "Most members": current members (role "member") descending; a network whose sources give no
    member list ranks by the largest member figure they state (StatedCount), then by name; a
    network with neither comes last. Counting every network's members in SQL to sort them took
    70-120 ms a request at 10,000 networks; the counts are read once here.
    """
    counts = dict(
        Membership.objects.current()
        .filter(role=Membership.Role.MEMBER)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values_list("network", "n")
    )
    by_name = (
        Network.objects.public()
        .order_by("name", "pk")
        .with_stated_member_figure()
        .values_list("pk", "stated_member_count")
    )
    ranked = []
    for rank, (pk, stated) in enumerate(by_name):
        figure = counts.get(pk) or stated
        ranked.append((-figure if figure else 1, rank, position[pk]))
    by_name_positions = [n for _figure, _rank, n in ranked]
    return [n for _figure, _rank, n in sorted(ranked)], by_name_positions


def _overlapping(regions, rows):
    """Primary keys of the regions that overlap any of `regions`: each one, its parts and the regions containing it."""
    parent = {row["pk"]: row["parent_id"] for row in rows}

    def up(pk):  # the region and every region containing it
        while pk is not None:
            yield pk
            pk = parent.get(pk)

    found = {pk for pk in parent if not regions.isdisjoint(up(pk))}
    for region in regions:
        found.update(up(region))
    return found


def _region_options(region_rows):
    """Regions as a tree; the value is the primary key the bitsets use, the slug what the address shows."""
    rows = parent_first(region_rows)
    # Sub-regions under their region in a <select>: indented with no-break spaces.
    return [
        {
            "value": row["pk"],
            "slug": row["slug"],
            "label": row["name"],
            "depth": row["depth"],
            "indent": "\u00a0\u00a0\u00a0" * row["depth"],
        }
        for row in rows
    ]


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


def facet_index():
    """This process's index for the current catalogue version and day (one query once built)."""
    return process_memo("facet-index", FacetIndex.build)
