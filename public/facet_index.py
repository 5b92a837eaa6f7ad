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
    members" order.
    """

    def __init__(self, pks, members, options, by_members):
        self.pks = pks
        self.by_members = by_members  # positions, most current members first, then by name
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
        networks = list(Network.objects.public().order_by("pk").values_list("pk", "type", "field", "status"))
        position = {row[0]: n for n, row in enumerate(networks)}
        members = {facet: defaultdict(set) for facet in FACETS}
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
        for jurisdiction, positions in by_jurisdiction.items():
            code, parent_code, *regions = jurisdictions[jurisdiction]
            for key in filter(None, (code, parent_code)):
                members["country"][key].update(positions)
            for region in filter(None, regions):
                members["region"][region].update(positions)

        hosts = {}
        hosted = Relation.objects.filter(kind=Relation.Kind.HOSTED_BY).values_list(
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
            "region": _region_options(),
            "country": [{"value": code, "label": name} for code, name in states.values_list("code", "name")],
            "host": [{"value": slug, "label": name} for slug, name in sorted(hosts.items(), key=lambda item: item[1])],
        }
        for facet in ("type", "field", "status"):
            choices = Network._meta.get_field(facet).choices
            options[facet] = [{"value": value, "label": label} for value, label in choices]
        return cls([row[0] for row in networks], members, options, _by_members(position))

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


def _by_members(position):
    """Positions of the networks by current members (role "member") descending, then by name; none last.

    The list's "Most members" order: counting every network's members in SQL to sort them took
    70-120 ms a request at 10,000 networks; the counts are read once here (two queries).
    """
    counts = dict(
        Membership.objects.current()
        .filter(role=Membership.Role.MEMBER)
        .order_by()
        .values("network")
        .annotate(n=Count("pk"))
        .values_list("network", "n")
    )
    by_name = Network.objects.public().order_by("name", "pk").values_list("pk", flat=True)
    ranked = [(-counts[pk] if pk in counts else 1, rank, position[pk]) for rank, pk in enumerate(by_name)]
    return [n for _count, _rank, n in sorted(ranked)]


def _region_options():
    """Regions as a tree; the value is the primary key the bitsets use, the slug what the address shows."""
    rows = parent_first(list(Region.objects.values("pk", "slug", "name", "parent_id")))
    # Sub-regions under their region in a <select>: indented with no-break spaces.
    return [
        {"value": row["pk"], "slug": row["slug"], "label": row["name"], "indent": "\u00a0\u00a0\u00a0" * row["depth"]}
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
