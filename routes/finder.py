"""The route finder's answer: the networks two states both take part in today, ranked, and the nearest routes.

A state speaks through its own memberships and those of its sub-national units ("the United Kingdom"
through Scotland's); a sub-national unit through its own and its state's ("Scotland" through the
United Kingdom's), as the country pages and the list's country filter read them. Two units of one
state each speak only for themselves, or every network of their state would join them.

Nothing here builds markup; the view renders what `route_find` returns. Fixed queries: the states'
sub-national units (one), the networks of each side (one), both sides' roles in the networks they
share and the contact points the viewer may see there (one each, when they share any), the liaison
posts between them (one, plus their visible contacts), and, when no network joins them, the relations
between their networks (one).
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Lower

from countries.models import Jurisdiction
from liaison.models import LiaisonPost
from networks.models import ContactPoint, Membership, Network, Relation
from public.pages import INCOMING_LABELS, ROLE_LABELS, ROLE_ORDER, LinkBuilder
from registry.translated import shown_text

MAX_NETWORKS = 50  # ranked networks shown; the answer says how many there are in all
MAX_NAMES = 5  # contact point names shown per state and network; the network page has them all
MAX_RELATIONS = 20
MAX_POSTS = 30
NEAR_KINDS = [Relation.Kind.PARTNER, Relation.Kind.HOSTED_BY, Relation.Kind.MOU, Relation.Kind.PART_OF]


@dataclass(frozen=True)
class Side:
    """One state of the request and the jurisdictions whose memberships speak for it (`pks`)."""

    jurisdiction: object  # countries.Jurisdiction, with `parent` loaded
    pks: frozenset
    with_state: bool  # a sub-national unit speaking through its state too

    def condition(self, path):
        """A Q matching the jurisdictions at `path` (e.g. "jurisdiction") that speak for this side."""
        return Q(**{f"{path}__in": self.pks})


def sides_of(requesting, requested):
    """The two `Side`s of a request for two different states (see the module docstring; one query, the units)."""
    asked = (requesting, requested)
    units = Jurisdiction.objects.filter(parent__in=[j.pk for j in asked if j.parent_id is None])
    units = list(units.order_by().values_list("pk", "parent_id"))
    same_state = requesting.parent_id is not None and requesting.parent_id == requested.parent_id
    sides = []
    for j in asked:
        with_state = j.parent_id is not None and not same_state
        pks = {j.pk, *(pk for pk, parent in units if parent == j.pk)} | ({j.parent_id} if with_state else set())
        sides.append(Side(j, frozenset(pks), with_state))
    return tuple(sides)


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
    joined = _network_ids(sides)
    common = sorted(joined[0] & joined[1])
    networks = _common_networks(sides, common, topics) if common else {}
    _add_contacts(networks, sides, common, user)
    ranked = sorted(networks.values(), key=CommonNetwork.rank)
    return Route(
        sides=sides,
        networks=ranked[:MAX_NETWORKS],
        network_total=len(ranked),
        near=[] if networks else _near_routes(joined),
        posts=_posts(sides, user),
    )


def _network_ids(sides):
    """(ids of the networks each side takes part in today), from one narrow query on the covering index.

    The ids, not subqueries: SQLite planned `network IN (subquery) AND network IN (subquery)` over
    every membership (three seconds at 10,000 networks) where this reads a few thousand index entries.
    """
    rows = (
        Membership.objects.current()
        .filter(jurisdiction__in=sides[0].pks | sides[1].pks)
        .order_by()
        .values_list("network_id", "jurisdiction_id")
        .distinct()
    )
    rows = list(rows)  # a few thousand pairs for the busiest states: one pass per side, in comprehensions
    return tuple({network_id for network_id, jurisdiction_id in rows if jurisdiction_id in side.pks} for side in sides)


def _common_networks(sides, common, topics):
    """{network pk: CommonNetwork} with both sides' current roles (one query).

    `jurisdiction__isnull=False` changes no row: it lets PostgreSQL read the memberships through the
    unique index on (network, jurisdiction, role), which holds only jurisdictions' rows, instead of every
    membership of the shared networks (40 ms against 15 at 10,000 networks for the busiest states).
    """
    on_topic = (
        Exists(Network.topics.through.objects.filter(network=OuterRef("network"), topic__slug__in=list(topics)))
        if topics
        else Value(False)
    )
    rows = (
        Membership.objects.current()
        .filter(network__in=common, jurisdiction__in=sides[0].pks | sides[1].pks, jurisdiction__isnull=False)
        .annotate(on_topic=on_topic)
        .order_by()
        .values_list(
            "network_id", "network__slug", shown_text("network__name"), shown_text("network__acronym"), "on_topic",
            "role", "jurisdiction_id", shown_text("jurisdiction__name"),
        )
    )  # fmt: skip
    link = LinkBuilder()
    found = {}
    for pk, slug, name, acronym, topical, role, jurisdiction_id, jurisdiction_name in rows:
        network = found.get(pk)
        if network is None:
            network = found[pk] = CommonNetwork(pk, slug, name, acronym or "", link.network_url(slug), topical)
        for side, roles in zip(sides, network.roles, strict=True):
            if jurisdiction_id in side.pks:
                through = jurisdiction_name if jurisdiction_id != side.jurisdiction.pk else None
                roles.append(Role(role, through))
    for network in found.values():
        for roles in network.roles:
            roles.sort(key=lambda role: (ROLE_ORDER[role.role], role.through or ""))
    return found


def _add_contacts(networks, sides, common, user):
    """Each network's contact points per side that `user` may see: names, as ContactPoint.visible_to decides."""
    if not networks:
        return
    rows = (
        ContactPoint.objects.visible_to(user)
        .filter(network__in=common, jurisdiction__in=sides[0].pks | sides[1].pks)
        .order_by(Lower("name"), "pk")
        .values_list("network_id", "jurisdiction_id", "name")
    )
    for network_id, jurisdiction_id, name in rows:
        for side, names in zip(sides, networks[network_id].contacts, strict=True):
            if jurisdiction_id in side.pks:
                names.append(name)


def _near_routes(joined):
    """Relations (partner, hosted by, part of, MoU) from a network of the requesting side to one of the other's."""
    first, second = sorted(joined[0]), sorted(joined[1])
    relations = (
        Relation.objects.filter(kind__in=NEAR_KINDS)
        .filter(Q(network__in=first, target_network__in=second) | Q(network__in=second, target_network__in=first))
        .select_related("network", "target_network")
        .order_by("network__name", "kind", "target_network__name")[:MAX_RELATIONS]
    )
    routes = []
    for relation in relations:
        if relation.network_id in joined[0]:
            routes.append(NearRoute(relation.network, relation.get_kind_display(), relation.target_network))
        else:
            routes.append(NearRoute(relation.target_network, INCOMING_LABELS[relation.kind], relation.network))
    return routes


def _posts(sides, user):
    """Current liaison posts of either state in the other, or at a network the other takes part in.

    The other side's networks as a subquery: posts are few, and a list of a thousand network ids
    costs more to build into the query than the query takes.
    """
    current = Membership.objects.current()
    sent = [side.condition("sending") for side in sides]
    hosted = [
        side.condition("host_jurisdiction")
        | Q(host_network__in=current.filter(side.condition("jurisdiction")).values("network"))
        for side in sides
    ]
    return list(
        LiaisonPost.objects.current()
        .filter((sent[0] & hosted[1]) | (sent[1] & hosted[0]))
        .with_parties()
        .with_visible_contacts(user)
        .order_by("sending__name", "function", "slug")[:MAX_POSTS]
    )
