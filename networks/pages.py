"""Shaping loaded catalogue rows for the public pages: members by role, relations both ways, comparisons.

Nothing here queries the database: the views load every row with select_related/prefetch_related
first, so each page costs a fixed number of queries.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.urls import reverse
from django.utils import timezone

from .models import Membership, Relation

# How a relation reads from its target's side ("EJN is hosted by Eurojust" → "Eurojust hosts EJN").
INCOMING_LABELS = {
    Relation.Kind.HOSTED_BY: "Hosts",
    Relation.Kind.PART_OF: "Includes",
    Relation.Kind.PARTNER: "Partner of",
    Relation.Kind.MOU: "Memorandum of understanding with",
    Relation.Kind.BUILDS_ON: "Built on by",
    Relation.Kind.SUCCESSOR_OF: "Succeeded by",
    Relation.Kind.OBSERVER_OF: "Has as observer",
}
ROLE_ORDER = {value: index for index, value in enumerate(Membership.Role.values)}


@dataclass
class RoleGroup:
    role: str
    label: str
    memberships: list = field(default_factory=list)
    stated_counts: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.memberships)


class LinkBuilder:
    """Page addresses of members built from three prefixes: one reverse() per page, not one per row."""

    PLACEHOLDER = "--placeholder--"

    def __init__(self):
        self.jurisdiction = reverse("country-detail", args=[self.PLACEHOLDER]).split(self.PLACEHOLDER)
        self.network = reverse("network-detail", args=[self.PLACEHOLDER]).split(self.PLACEHOLDER)

    def network_url(self, slug):
        before, after = self.network
        return before + slug + after

    def __call__(self, membership):
        """The member's page address, or None for an organisation (it has no page)."""
        if membership.jurisdiction_id:
            before, after = self.jurisdiction
            return before + membership.jurisdiction.code.lower() + after
        if membership.member_network_id:
            return self.network_url(membership.member_network.slug)
        return None


def _member_sort_key(membership):
    return (membership.member_type != "jurisdiction", str(membership.member).casefold())


def members_by_role(memberships, stated_counts):
    """(current groups, ended memberships): one group per role, listed members and stated figures together."""
    today = timezone.localdate()
    groups, ended = {}, []
    labels = dict(Membership.Role.choices)
    link = LinkBuilder()
    for membership in memberships:
        membership.url = link(membership)
        if membership.until is not None and membership.until < today:
            ended.append(membership)
            continue
        if membership.since is not None and membership.since > today:
            continue  # announced but not yet in force
        groups.setdefault(membership.role, RoleGroup(membership.role, labels[membership.role])).memberships.append(
            membership
        )
    for stated in stated_counts:
        groups.setdefault(stated.role, RoleGroup(stated.role, labels[stated.role])).stated_counts.append(stated)
    for group in groups.values():
        group.memberships.sort(key=_member_sort_key)
    ordered = sorted(groups.values(), key=lambda group: ROLE_ORDER[group.role])
    return ordered, sorted(ended, key=_member_sort_key)


def relations_both_ways(outgoing, incoming):
    """[(label, [(network or organisation, relation)])] for the network's own and others' relations."""
    sections = {}
    for relation in outgoing:
        sections.setdefault(relation.get_kind_display(), []).append((relation.target, relation))
    for relation in incoming:
        sections.setdefault(INCOMING_LABELS[relation.kind], []).append((relation.network, relation))
    return sorted(sections.items())


@dataclass
class Comparison:
    """Two to five networks' current members and topics set side by side."""

    networks: list
    rows: list  # [(member, [roles in network 1, roles in network 2, ...])]
    topics_in_common: list

    @cached_property
    def in_all(self):
        return [row for row in self.rows if all(row[1])]

    @cached_property
    def in_several(self):
        return [row for row in self.rows if 1 < sum(bool(roles) for roles in row[1]) < len(self.networks)]

    @cached_property
    def only_in(self):
        """[(network, [members found only in it])] in the order the networks were chosen."""
        return [
            (network, [member for member, roles in self.rows if roles[i] and sum(bool(r) for r in roles) == 1])
            for i, network in enumerate(self.networks)
        ]


def compare(networks, memberships):
    """Compare loaded networks (each with its topics prefetched) over their loaded current memberships."""
    position = {network.pk: i for i, network in enumerate(networks)}
    labels = dict(Membership.Role.choices)
    link = LinkBuilder()
    members = {}
    for membership in memberships:
        member = membership.member
        key = (membership.member_type, member.pk)
        entry = members.get(key)
        if entry is None:
            member.url = link(membership)
            entry = members[key] = (member, [[] for _ in networks])
        entry[1][position[membership.network_id]].append(labels[membership.role])
    rows = sorted(members.values(), key=lambda row: str(row[0]).casefold())
    topic_sets = [{topic.slug: topic for topic in network.topics.all()} for network in networks]
    common = set.intersection(*(set(topics) for topics in topic_sets)) if topic_sets else set()
    topics = sorted((topic_sets[0][slug] for slug in common), key=lambda topic: topic.name)
    return Comparison(networks=networks, rows=rows, topics_in_common=topics)
