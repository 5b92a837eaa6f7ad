"""Shaping loaded catalogue rows for the public pages: members by role, relations both ways, comparisons.

Nothing here queries the database: the views load every row first (with select_related and
prefetch_related, or as MembershipQuerySet.member_rows()), so each page costs a fixed number of queries.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language, gettext_lazy

from networks.dating import past_day, reference_day
from networks.models import ContactPoint, Membership, Relation
from registry.languages import name_order_key
from registry.translated import shown_text, written_in

# How a relation reads from its target's side ("EJN is hosted by Eurojust" → "Eurojust hosts EJN").
INCOMING_LABELS = {
    Relation.Kind.HOSTED_BY: gettext_lazy("Hosts"),
    Relation.Kind.PART_OF: gettext_lazy("Includes"),
    Relation.Kind.PARTNER: gettext_lazy("Partner of"),
    Relation.Kind.MOU: gettext_lazy("Memorandum of understanding with"),
    Relation.Kind.BUILDS_ON: gettext_lazy("Built on by"),
    Relation.Kind.SUCCESSOR_OF: gettext_lazy("Succeeded by"),
    Relation.Kind.OBSERVER_OF: gettext_lazy("Has as observer"),
}
ROLE_ORDER = {value: index for index, value in enumerate(Membership.Role.values)}
ROLE_LABELS = dict(Membership.Role.choices)
NOTE_LANGUAGE = Membership.text_languages["public_note"]
CONTACT_ROLE_LABELS = dict(ContactPoint.Role.choices)


class Member:
    """A jurisdiction, organisation or network as a public page lists it: a few strings, not a model instance.

    Its str() is the model's (a name, with the acronym for organisations and networks); `url` is None
    for an organisation, which has no page.
    """

    __slots__ = ("kind", "pk", "code", "slug", "name", "acronym", "parent", "url")

    def __init__(self, kind, pk, name, url=None, *, code="", slug="", acronym="", parent=None):
        self.kind, self.pk, self.name, self.url = kind, pk, name, url
        self.code, self.slug, self.acronym, self.parent = code, slug, acronym or "", parent

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Listing:
    """One membership as a public page lists it: the member, its role, dates (with their precision) and public note."""

    __slots__ = ("member", "role", "since", "until", "note", "since_precision", "until_precision")

    def __init__(self, member, role, since, until, note="", since_precision="", until_precision=""):
        self.member, self.role, self.since, self.until, self.note = member, role, since, until, note
        self.since_precision, self.until_precision = since_precision, until_precision

    @property
    def role_label(self):
        return ROLE_LABELS[self.role]


class ContactRow:
    """A contact point as the public tables list it (macros/lists.html `contact_table`): strings, not a model instance.

    A country page lists a hundred of them; as instances with their network and jurisdiction they cost
    more than the query. Translated names are read in the active language, as an instance shows them.
    """

    FIELDS = ("name", "function", "confirmed_on", "role", "institution", "email", "phone", "languages",
              "network__slug", "jurisdiction__code")  # fmt: skip
    TRANSLATED = ("network__name", "network__acronym", "jurisdiction__name")
    VALUES = tuple(field.replace("__", "_") for field in FIELDS + TRANSLATED)
    __slots__ = (*VALUES, "role_label")

    def __init__(self, *values, role_label=""):
        for name, value in zip(self.VALUES, values, strict=True):
            setattr(self, name, value)
        self.role_label = role_label


def contact_rows(contacts):
    """ContactRows of contact points already limited by `visible_to` (one query), in the queryset's order.

    Role labels are translated once for the list, not once per row.
    """
    names = {f"shown_{index}": shown_text(lookup) for index, lookup in enumerate(ContactRow.TRANSLATED)}
    labels = {role: str(label) for role, label in CONTACT_ROLE_LABELS.items()}
    role = ContactRow.FIELDS.index("role")
    rows = contacts.annotate(**names).values_list(*ContactRow.FIELDS, *names)
    return [ContactRow(*row, role_label=labels[row[role]]) for row in rows]


@dataclass
class RoleGroup:
    role: str
    label: str
    memberships: list = field(default_factory=list)  # [Listing]
    stated_counts: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.memberships)


class LinkBuilder:
    """Page addresses of networks, countries and topics built from prefixes, not by a reverse() per row.

    On a page read as of another day (networks.dating.past_day), the addresses carry `?as_of=`.

    The prefixes are reversed once per URL configuration, script prefix and language (the parts of an
    address that can change between requests) and kept for the life of the process. A builder made
    for one page (`LinkBuilder()` in a view, or the templates' `links`, which
    `public.context_processors.links` makes per request) reads those parts and the as-of day once, when it
    is made: reading them costs about 5 µs an address, 6 ms on a country page of 1,200 memberships. The
    fallback `links` of templates rendered without a request, kept for the process, is made with
    `for_process=True` and reads them for each address.
    """

    PLACEHOLDER = "--placeholder--"
    _parts = {}

    def __init__(self, *, for_process=False):
        self._mine = None if for_process else {}
        self._key = None if for_process else self._request_key()
        self._suffix = None if for_process else self._as_of()

    @staticmethod
    def _request_key():
        return (get_script_prefix(), get_language(), get_urlconf())

    def _around(self, name):
        parts = self._mine.get(name) if self._mine is not None else None
        if parts is None:
            key = (name, *(self._key or self._request_key()))
            parts = self._parts.get(key)
            if parts is None:
                parts = self._parts[key] = reverse(name, args=[self.PLACEHOLDER]).split(self.PLACEHOLDER)
            if self._mine is not None:
                self._mine[name] = parts
        return parts

    def network_url(self, slug):
        before, after = self._around("network-detail")
        return before + slug + after + self.suffix

    def topic_url(self, slug):
        before, after = self._around("topic-detail")
        return before + slug + after + self.suffix

    def jurisdiction_url(self, code):
        before, after = self._around("country-detail")
        return before + code.lower() + after + self.suffix

    @property
    def suffix(self):
        return self._as_of() if self._suffix is None else self._suffix

    @staticmethod
    def _as_of():
        """On a page read as of another day, its links to other pages keep that day."""
        day = past_day()
        return f"?as_of={day.isoformat()}" if day else ""


def listings(rows):
    """[(network id, Listing)] from MembershipQuerySet.member_rows(); a member in several rows is one Member."""
    link = LinkBuilder()
    members, found, page_language = {}, [], get_language()
    for row in rows:
        network_id, role, since, until, jurisdiction_id, code, jurisdiction_name, parent_name = row[:8]
        organisation_id, organisation_name, organisation_acronym, organisation_language = row[8:12]
        member_network_id, slug, network_name, network_acronym, note, since_precision, until_precision = row[12:]
        if jurisdiction_id:
            key = ("jurisdiction", jurisdiction_id)
        elif organisation_id:
            key = ("organisation", organisation_id)
        else:
            key = ("network", member_network_id)
        member = members.get(key)
        if member is None:
            kind, pk = key
            if kind == "jurisdiction":
                url = link.jurisdiction_url(code)
                member = Member(kind, pk, jurisdiction_name, url, code=code, parent=parent_name)
            elif kind == "organisation":
                name = written_in(organisation_name, organisation_language, page_language)
                acronym = written_in(organisation_acronym, organisation_language, page_language)
                member = Member(kind, pk, name, acronym=acronym)
            else:
                url = link.network_url(slug)
                member = Member(kind, pk, network_name, url, slug=slug, acronym=network_acronym)
            members[key] = member
        note = written_in(note, NOTE_LANGUAGE, page_language)
        found.append((network_id, Listing(member, role, since, until, note, since_precision, until_precision)))
    return found


def _member_sort_key(member):
    """By name; the kind and key order two members of the same name, whatever order the rows came in."""
    return (name_order_key(str(member)), member.kind, member.pk)


def _listing_sort_key(listing):
    return (listing.member.kind != "jurisdiction", _member_sort_key(listing.member))


def members_by_role(rows, stated_counts):
    """(current groups, ended listings) from member rows: one group per role, listed members and stated figures.

    Current and ended as of the reference day (networks.dating): a membership that ended after it is current.
    """
    today = reference_day()
    groups, ended = {}, []
    for _, listing in listings(rows):
        if listing.until is not None and listing.until < today:
            ended.append(listing)
            continue
        if listing.since is not None and listing.since > today:
            continue  # announced but not yet in force
        role = listing.role
        groups.setdefault(role, RoleGroup(role, ROLE_LABELS[role])).memberships.append(listing)
    for stated in stated_counts:
        groups.setdefault(stated.role, RoleGroup(stated.role, ROLE_LABELS[stated.role])).stated_counts.append(stated)
    for group in groups.values():
        group.memberships.sort(key=_listing_sort_key)
    ordered = sorted(groups.values(), key=lambda group: ROLE_ORDER[group.role])
    return ordered, sorted(ended, key=_listing_sort_key)


def relations_both_ways(outgoing, incoming):
    """[(label, [(network or organisation, relation)])] for the network's own and others' relations."""
    sections = {}
    for relation in outgoing:
        sections.setdefault(relation.get_kind_display(), []).append((relation.target, relation))
    for relation in incoming:
        sections.setdefault(INCOMING_LABELS[relation.kind], []).append((relation.network, relation))
    return sorted(sections.items())


@dataclass
class Confirmation:
    """How current a network's entry is, in the order the public page states it.

    `confirmed_on`: the network itself confirmed it (outreach). Otherwise `verified_on`: the secretariat
    checked it. Otherwise `since_year` and `source`: the newest dated source it rests on ("Not confirmed
    since 2017, from the 2017 catalogue"). Otherwise only `added_on`.
    """

    confirmed_on: object = None
    verified_on: object = None
    since_year: int | None = None
    source: object = None
    added_on: object = None


def entry_confirmation(network, source_links):
    """The Confirmation of `network`, from its loaded `source_links` (with their sources): no query."""
    if network.confirmed_on:
        return Confirmation(confirmed_on=network.confirmed_on)
    if network.last_verified:
        return Confirmation(verified_on=network.last_verified)
    dated = [(link.source.year, link.source) for link in source_links if link.source.year]
    if dated:
        year, source = max(dated, key=lambda pair: pair[0])
        return Confirmation(since_year=year, source=source)
    return Confirmation(added_on=network.created)


@dataclass
class Comparison:
    """Two to five networks' current members and topics set side by side."""

    networks: list
    rows: list  # [(member, [its roles in network 1 ("Member, Observer"; "" for none), in network 2, ...])]
    topics_in_common: list
    roles: dict = field(default_factory=dict)  # {member: the roles (Membership.Role) it holds in any of the networks}

    @cached_property
    def in_all(self):
        return [row for row in self.rows if all(row[1])]

    @cached_property
    def members_in_all(self):
        return [member for member, _ in self.in_all]

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

    def role_of(self, members):
        """The one role these members all hold, to word their count in its terms ("3 observers"); "" when they
        hold several (or none), which is worded neutrally ("3 participants")."""
        held = set().union(*(self.roles[member] for member in members))
        return next(iter(held)) if len(held) == 1 else ""

    @cached_property
    def role(self):
        """The one role every member compared holds (Membership.Role.MEMBER mostly), else ""."""
        return self.role_of(self.roles)

    @cached_property
    def in_all_role(self):
        return self.role_of(self.members_in_all)

    @cached_property
    def in_several_role(self):
        return self.role_of(member for member, _ in self.in_several)

    @cached_property
    def only_in_role(self):
        return self.role_of(member for _, members in self.only_in for member in members)


def compare(networks, rows):
    """Compare loaded networks (each with its topics prefetched) over their current member rows."""
    position = {network.pk: i for i, network in enumerate(networks)}
    labels = {role: str(label) for role, label in ROLE_LABELS.items()}  # translated once, not once per cell
    members = {}
    for network_id, listing in listings(rows):
        entry = members.get(listing.member)
        if entry is None:
            entry = members[listing.member] = (listing.member, [[] for _ in networks])
        entry[1][position[network_id]].append(listing.role)
    held = {member: frozenset(role for roles in cells for role in roles) for member, cells in members.values()}
    for _, roles_per_network in members.values():
        # Each cell as the page writes it ("" where the member has no role): the rows come unordered.
        roles_per_network[:] = [", ".join(labels[role] for role in sorted(roles)) for roles in roles_per_network]
    rows = sorted(members.values(), key=lambda row: _member_sort_key(row[0]))
    topic_sets = [{topic.slug: topic for topic in network.topics.all()} for network in networks]
    common = set.intersection(*(set(topics) for topics in topic_sets)) if topic_sets else set()
    topics = sorted((topic_sets[0][slug] for slug in common), key=lambda topic: name_order_key(topic.name))
    return Comparison(networks=networks, rows=rows, topics_in_common=topics, roles=held)
