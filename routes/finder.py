"""The route finder's answer: the networks two states both take part in today, ranked, and the nearest routes.

A state speaks through its own memberships and those of its sub-national units ("the United Kingdom"
through Scotland's); a sub-national unit through its own and its state's ("Scotland" through the
United Kingdom's), as the country pages and the list's country filter read them. Two units of one
state each speak only for themselves, or every network of their state would join them.

Nothing here builds markup; the view renders what `route_find` returns. Fixed queries: the
memberships of both sides (one), the contact points the viewer may see (one), the liaison posts
between them (one, plus their visible contacts), and, when no network joins them, the relations
between their networks (one).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Lower

from liaison.models import LiaisonPost
from networks.models import ContactPoint, Membership, Network, Relation
from public.pages import INCOMING_LABELS, ROLE_LABELS, ROLE_ORDER, LinkBuilder

MAX_NETWORKS = 50  # ranked networks shown; the answer says how many there are in all
MAX_NAMES = 5  # contact point names shown per state and network; the network page has them all
MAX_RELATIONS = 20
MAX_POSTS = 30
NEAR_KINDS = [Relation.Kind.PARTNER, Relation.Kind.HOSTED_BY, Relation.Kind.MOU, Relation.Kind.PART_OF]


@dataclass(frozen=True)
class Side:
    """One state of the request and the jurisdictions whose memberships speak for it."""

    jurisdiction: object  # countries.Jurisdiction, with `parent` loaded
    with_units: bool  # a state: its sub-national units too
    with_state: bool  # a sub-national unit: its state too

    def condition(self, path):
        """A Q matching the jurisdictions at `path` (e.g. "jurisdiction") that speak for this side."""
        here = self.jurisdiction
        found = Q(**{path: here.pk})
        if self.with_units:
            found |= Q(**{f"{path}__parent": here.pk})
        if self.with_state:
            found |= Q(**{path: here.parent_id})
        return found

    def covers(self, jurisdiction_id, parent_id):
        here = self.jurisdiction
        return (
            jurisdiction_id == here.pk
            or (self.with_units and parent_id == here.pk)
            or (self.with_state and jurisdiction_id == here.parent_id)
        )


def sides_of(requesting, requested):
    """The two `Side`s of a request for two different states (see the module docstring for units)."""
    same_state = requesting.parent_id is not None and requesting.parent_id == requested.parent_id
    return tuple(
        Side(j, with_units=j.parent_id is None, with_state=j.parent_id is not None and not same_state)
        for j in (requesting, requested)
    )


def same_state(requesting, requested):
    """Whether the two are one state, or a state and one of its own sub-national units."""
    return requesting.pk == requested.pk or requesting.parent_id == requested.pk or requested.parent_id == requesting.pk


@dataclass
class Role:
    """A role a side holds in a network; `through` names the jurisdiction holding it when not the one asked."""

    role: str
    through: str | None

    @property
    def label(self):
        return ROLE_LABELS[self.role]


@dataclass
class CommonNetwork:
    pk: int
    slug: str
    name: str
    acronym: str
    url: str
    on_topic: bool
    roles: tuple = field(default_factory=lambda: ([], []))  # (requesting side's, requested side's)
    contacts: tuple = field(default_factory=lambda: ([], []))  # names of visible contact points, per side

    @property
    def both_members(self):
        return all(any(role.role == Membership.Role.MEMBER for role in side) for side in self.roles)

    @property
    def has_contacts(self):
        return any(self.contacts)

    def rank(self):
        """Both full members first, then networks on the chosen topics, then those with contacts one may see."""
        return (not self.both_members, not self.on_topic, not self.has_contacts, self.name.casefold())

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


@dataclass
class NearRoute:
    """A network of the requesting side related to a network of the requested side."""

    near: Network
    label: str
    far: Network


@dataclass
class Route:
    sides: tuple
    networks: list  # the first MAX_NETWORKS CommonNetwork, ranked
    network_total: int
    near: list  # NearRoute, only when no network joins the two
    posts: list  # LiaisonPost, current, with `visible_contacts`


def route_find(requesting, requested, *, topics=(), user=None):
    """The `Route` between two different states (check `same_state` first) for a viewer; `topics` are slugs."""
    sides = sides_of(requesting, requested)
    current = Membership.objects.current()
    conditions = [side.condition("jurisdiction") for side in sides]
    joined = [current.filter(condition).values("network") for condition in conditions]
    networks = _common_networks(sides, conditions, joined, topics)
    _add_contacts(networks, sides, conditions, joined, user)
    ranked = sorted(networks.values(), key=CommonNetwork.rank)
    return Route(
        sides=sides,
        networks=ranked[:MAX_NETWORKS],
        network_total=len(ranked),
        near=[] if networks else _near_routes(conditions, joined),
        posts=_posts(sides, joined, user),
    )


def _common_networks(sides, conditions, joined, topics):
    """{network pk: CommonNetwork} with both sides' current roles (one query)."""
    on_topic = (
        Exists(Network.topics.through.objects.filter(network=OuterRef("network"), topic__slug__in=list(topics)))
        if topics
        else Value(False)
    )
    rows = (
        Membership.objects.current()
        .filter(network__in=joined[0])
        .filter(network__in=joined[1])
        .filter(conditions[0] | conditions[1])
        .annotate(on_topic=on_topic)
        .order_by()
        .values_list(
            "network_id", "network__slug", "network__name", "network__acronym", "on_topic",
            "role", "jurisdiction_id", "jurisdiction__parent_id", "jurisdiction__name",
        )
    )  # fmt: skip
    link = LinkBuilder()
    found = {}
    for pk, slug, name, acronym, topical, role, jurisdiction_id, parent_id, jurisdiction_name in rows:
        network = found.get(pk)
        if network is None:
            network = found[pk] = CommonNetwork(pk, slug, name, acronym or "", link.network_url(slug), topical)
        for side, roles in zip(sides, network.roles, strict=True):
            if side.covers(jurisdiction_id, parent_id):
                through = jurisdiction_name if jurisdiction_id != side.jurisdiction.pk else None
                roles.append(Role(role, through))
    for network in found.values():
        for roles in network.roles:
            roles.sort(key=lambda role: (ROLE_ORDER[role.role], role.through or ""))
    return found


def _add_contacts(networks, sides, conditions, joined, user):
    """Each network's contact points per side that `user` may see: names, as ContactPoint.visible_to decides."""
    if not networks:
        return
    rows = (
        ContactPoint.objects.visible_to(user)
        .filter(network__in=joined[0])
        .filter(network__in=joined[1])
        .filter(conditions[0] | conditions[1])
        .order_by(Lower("name"), "pk")
        .values_list("network_id", "jurisdiction_id", "jurisdiction__parent_id", "name")
    )
    for network_id, jurisdiction_id, parent_id, name in rows:
        network = networks.get(network_id)
        if network is None:
            continue
        for side, names in zip(sides, network.contacts, strict=True):
            if side.covers(jurisdiction_id, parent_id):
                names.append(name)


def _near_routes(conditions, joined):
    """Relations (partner, hosted by, part of, MoU) from a network of the requesting side to one of the other's."""
    in_first = Exists(Membership.objects.current().filter(conditions[0], network=OuterRef("network")))
    relations = (
        Relation.objects.filter(kind__in=NEAR_KINDS, target_network__isnull=False)
        .filter(
            Q(network__in=joined[0], target_network__in=joined[1])
            | Q(network__in=joined[1], target_network__in=joined[0])
        )
        .annotate(from_first=in_first)
        .select_related("network", "target_network")
        .order_by("network__name", "kind", "target_network__name")[:MAX_RELATIONS]
    )
    routes = []
    for relation in relations:
        if relation.from_first:
            routes.append(NearRoute(relation.network, relation.get_kind_display(), relation.target_network))
        else:
            routes.append(NearRoute(relation.target_network, INCOMING_LABELS[relation.kind], relation.network))
    return routes


def _posts(sides, joined, user):
    """Current liaison posts of either state in the other, or at a network the other takes part in."""
    sent = [side.condition("sending") for side in sides]
    hosted = [side.condition("host_jurisdiction") for side in sides]
    return list(
        LiaisonPost.objects.current()
        .filter(
            (sent[0] & (hosted[1] | Q(host_network__in=joined[1])))
            | (sent[1] & (hosted[0] | Q(host_network__in=joined[0])))
        )
        .with_parties()
        .with_visible_contacts(user)
        .order_by("sending__name", "function", "slug")[:MAX_POSTS]
    )
